import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { msDate } from '../core/ms-date';
import { saveContact } from '../domain/contacts';
import { saveDocument } from '../domain/documents';
import { INVOICE_KIND } from '../domain/document-kinds';
import { saveItem } from '../domain/items';
import { createPayment } from '../domain/payments';
import { CHART, COUNTRY_SEEDS, CURRENCY_NAMES, SeedCountry } from './seed-charts';

export function organisationDoc(id: string, name: string, country: SeedCountry, now: number): Doc {
  const c = COUNTRY_SEEDS[country];
  const year = new Date(now).getUTCFullYear();
  return {
    OrganisationID: id,
    APIKey: '',
    Name: name,
    LegalName: `${name} Limited`,
    PaysTax: true,
    Version: c.version,
    OrganisationType: 'COMPANY',
    OrganisationEntityType: 'COMPANY',
    BaseCurrency: c.baseCurrency,
    CountryCode: c.countryCode,
    IsDemoCompany: false,
    OrganisationStatus: 'ACTIVE',
    TaxNumber: c.taxNumber,
    FinancialYearEndDay: 31,
    FinancialYearEndMonth: c.financialYearEndMonth,
    SalesTaxBasis: 'ACCRUALS',
    SalesTaxPeriod: 'TWOMONTHS',
    DefaultSalesTax: 'Tax Exclusive',
    DefaultPurchasesTax: 'Tax Inclusive',
    // Two years back: old enough not to trouble today's documents, there to test the locks.
    PeriodLockDate: msDate(Date.UTC(year - 2, 11, 31)),
    EndOfYearLockDate: msDate(yearEndBefore(Date.UTC(year - 2, 11, 31), c.financialYearEndMonth)),
    CreatedDateUTC: msDate(now),
    Timezone: c.timezone,
    ShortCode: `!${id.slice(0, 5)}`,
    Class: 'DEMO',
    Edition: 'BUSINESS',
    LineOfBusiness: 'Wholesale trade',
    Addresses: [
      {
        AddressType: 'STREET',
        AddressLine1: '23 Main Street',
        City: c.city,
        Country: c.countryCode,
      },
    ],
    Phones: [],
    ExternalLinks: [],
    PaymentTerms: { Sales: { Day: 20, Type: 'OFFOLLOWINGMONTH' }, Bills: { Day: 20, Type: 'OFFOLLOWINGMONTH' } },
  };
}

/** The last financial year end (day 31 of the year-end month, or its last day) on or before `ms`. */
function yearEndBefore(ms: number, month: number): number {
  const year = new Date(ms).getUTCFullYear();
  const end = (y: number) => Date.UTC(y, month, 0);
  return end(year) <= ms ? end(year) : end(year - 1);
}

/** Settings, master data and a few documents, as a freshly set-up Xero organisation has them. */
export async function seedOrganisation(s: OrgSession, country: SeedCountry): Promise<void> {
  const c = COUNTRY_SEEDS[country];
  const stamp = msDate(s.now);
  for (const t of c.taxRates) {
    await s.put('TaxRate', t.TaxType, {
      Name: t.Name,
      TaxType: t.TaxType,
      ReportTaxType: t.ReportTaxType,
      Status: 'ACTIVE',
      TaxComponents: (t.components ?? [{ Name: c.taxName, Rate: t.Rate }]).map((component) => ({
        Name: component.Name,
        Rate: Number(component.Rate),
        IsCompound: false,
        IsNonRecoverable: false,
      })),
      CanApplyToAssets: true,
      CanApplyToEquity: true,
      CanApplyToExpenses: true,
      CanApplyToLiabilities: true,
      CanApplyToRevenue: true,
      DisplayTaxRate: Number(t.Rate),
      EffectiveRate: Number(t.Rate),
    });
  }
  for (const [Code, Name, Type, Class, tax, extra] of CHART) {
    const AccountID = randomUUID();
    await s.put('Account', AccountID, {
      AccountID,
      Code,
      Name,
      Type,
      Class,
      Status: 'ACTIVE',
      Description: '',
      TaxType: tax === 'sales' ? c.sales : tax === 'purchases' ? c.purchases : c.none,
      EnablePaymentsToAccount: false,
      ShowInExpenseClaims: Type === 'EXPENSE',
      BankAccountType: '',
      ReportingCode: '',
      HasAttachments: false,
      UpdatedDateUTC: stamp,
      AddToWatchlist: false,
      ...(Type === 'BANK' ? { CurrencyCode: c.baseCurrency } : {}),
      ...extra,
    });
  }
  for (const code of [c.baseCurrency, ...c.extraCurrencies])
    await s.put('Currency', code, { Code: code, Description: CURRENCY_NAMES[code] });
  for (const [name, options] of [
    ['Region', ['North', 'South', 'Central']],
    ['Department', ['Sales', 'Operations', 'Head Office']],
  ] as const) {
    const TrackingCategoryID = randomUUID();
    await s.put('TrackingCategory', TrackingCategoryID, {
      TrackingCategoryID,
      Name: name,
      Status: 'ACTIVE',
      Options: options.map((o) => ({ TrackingOptionID: randomUUID(), Name: o, Status: 'ACTIVE', TrackingCategoryID })),
    });
  }
  const customers = [
    ['Ridgeway University', 'C-1001'],
    ['Bayside Club', 'C-1002'],
    ['City Agency', 'C-1003'],
  ];
  const suppliers = [
    ['PowerDirect', 'S-2001'],
    ['Office Supplies Co', 'S-2002'],
  ];
  for (const [Name, ContactNumber] of [...customers, ...suppliers]) {
    await saveContact(
      s,
      { Name, ContactNumber, EmailAddress: `accounts@${Name.toLowerCase().replace(/[^a-z]/g, '')}.example` },
      undefined,
    );
  }
  await saveContact(s, { Name: 'Old Supplier Ltd', ContactNumber: 'S-2999', ContactStatus: 'ARCHIVED' }, undefined);
  await saveItem(
    s,
    {
      Code: 'WIDGET',
      Name: 'Widget',
      Description: 'Standard widget',
      SalesDetails: { UnitPrice: 25, AccountCode: '200', TaxType: c.sales },
      PurchaseDetails: { UnitPrice: 12.5, AccountCode: '310', TaxType: c.purchases },
    },
    undefined,
    2,
  );
  await saveItem(
    s,
    {
      Code: 'SERVICE-HR',
      Name: 'Consulting hour',
      Description: 'Consulting, per hour',
      SalesDetails: { UnitPrice: 150, AccountCode: '200', TaxType: c.sales },
      IsPurchased: false,
    },
    undefined,
    2,
  );
  const today = new Date(s.now).toISOString().slice(0, 10);
  const due = new Date(s.now + 20 * 86400_000).toISOString().slice(0, 10);
  const inv = await saveDocument(
    s,
    INVOICE_KIND,
    {
      Type: 'ACCREC',
      Contact: { Name: customers[0][0] },
      Date: today,
      DueDate: due,
      Status: 'AUTHORISED',
      Reference: 'Seed',
      LineItems: [
        { ItemCode: 'WIDGET', Quantity: 4 },
        { Description: 'Delivery', Quantity: 1, UnitAmount: 15, AccountCode: '260' },
      ],
    },
    undefined,
    2,
  );
  await saveDocument(
    s,
    INVOICE_KIND,
    {
      Type: 'ACCREC',
      Contact: { Name: customers[1][0] },
      Date: today,
      DueDate: due,
      Status: 'DRAFT',
      LineItems: [{ ItemCode: 'SERVICE-HR', Quantity: 3 }],
    },
    undefined,
    2,
  );
  await saveDocument(
    s,
    INVOICE_KIND,
    {
      Type: 'ACCPAY',
      InvoiceNumber: 'PD-7781',
      Contact: { Name: suppliers[0][0] },
      Date: today,
      DueDate: due,
      Status: 'AUTHORISED',
      LineAmountTypes: 'Inclusive',
      LineItems: [{ Description: 'Electricity', Quantity: 1, UnitAmount: 230, AccountCode: '489' }],
    },
    undefined,
    2,
  );
  const bank = (await s.all('Account')).find((a) => a.Code === '090')!;
  await createPayment(s, {
    Invoice: { InvoiceID: inv.InvoiceID },
    Account: { AccountID: bank.AccountID },
    Amount: 50,
    Date: today,
    Reference: 'Part payment',
  });
}
