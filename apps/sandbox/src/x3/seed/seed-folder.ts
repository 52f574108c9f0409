import { PoolClient } from 'pg';
import { getRow, insertRow, stampNow } from '../domain/store';
import { createMasterRecord } from '../domain/master-data';
import { createSalesOrder } from '../domain/sales-orders';
import { createDelivery, validateDelivery } from '../domain/deliveries';
import { createSalesInvoice } from '../domain/invoices';
import { postSalesInvoice } from '../domain/invoice-posting';
import { createPayment } from '../domain/payments';
import { createPurchaseOrder, createPurchaseReceipt } from '../domain/purchasing';
import { createPurchaseInvoice } from '../domain/purchase-invoices';
import { createJournalEntry } from '../domain/journal';
import {
  createCompany,
  createCurrency,
  createExchangeRate,
  createTaxCode,
  createTaxRule,
} from '../domain/reference-data';
import { seedRegions } from './seed-regions';
import { seedAnalytics } from './seed-analytics';
import {
  ACCOUNTS,
  CHARTS,
  COMPANIES,
  CURRENCIES,
  CUSTOMERS,
  RATES,
  SITES,
  SUPPLIERS,
  TAX_CODES,
  TAX_RULES,
  UNITS,
  products,
} from './seed-reference-data';

/** Fills a new folder with SEED-like data, through the same business code the API uses. */
export async function seedFolder(client: PoolClient, folder: string): Promise<void> {
  const stamp = stampNow();
  for (const [code, name, decimals] of CURRENCIES) await createCurrency(client, folder, { code, name, decimals });
  for (const [currency, destinationCurrency, rate] of RATES)
    await createExchangeRate(client, folder, { currency, destinationCurrency, rate, startDate: '2026-01-01' });
  for (const [code, name, country, legislation, accountingCurrency] of COMPANIES) {
    const sites = SITES.filter(([, , company]) => company === code).map(([site, siteName, , siteCountry]) => ({
      code: site,
      name: siteName,
      country: siteCountry,
    }));
    await createCompany(client, folder, { code, name, country, legislation, accountingCurrency, sites });
  }
  for (const [code, description] of UNITS)
    await insertRow(client, 'unitOfMeasure', folder, code, { code, description }, stamp);
  for (const [code, description, legislation, rate] of TAX_CODES)
    await createTaxCode(client, folder, { code, description, legislation, rate });
  for (const [code, description, legislation, standardTaxCode, reducedTaxCode, zeroTaxCode] of TAX_RULES)
    await createTaxRule(client, folder, {
      code,
      description,
      legislation,
      standardTaxCode,
      reducedTaxCode,
      zeroTaxCode,
    });
  for (const [chart, code, description, classCode] of ACCOUNTS) {
    await insertRow(
      client,
      'account',
      folder,
      code,
      {
        chartOfAccounts: CHARTS[chart],
        code,
        description,
        shortDescription: description.slice(0, 12),
        classCode,
        isActive: true,
      },
      stamp,
    );
  }
  for (const [code, companyName, country, currency, taxRule, paymentTerm, category] of CUSTOMERS) {
    await createMasterRecord(client, folder, 'customer', {
      code,
      companyName,
      currency,
      taxRule,
      paymentTerm,
      category,
      creditLimit: '50000.00',
      defaultAddress: 'MAIN',
      email: `accounts@${code.toLowerCase()}.example`,
      addresses: [
        {
          code: 'MAIN',
          description: 'Head office',
          addressLine1: `1 ${companyName} street`,
          city: 'City',
          zipCode: '00000',
          country,
          isDefault: true,
        },
      ],
    });
  }
  for (const [code, companyName, , currency, taxRule, paymentTerm] of SUPPLIERS) {
    await createMasterRecord(client, folder, 'supplier', {
      code,
      companyName,
      currency,
      taxRule,
      paymentTerm,
      category: 'STD',
    });
  }
  for (const [code, description1, category, basePrice, taxLevel] of products()) {
    await createMasterRecord(client, folder, 'product', {
      code,
      description1,
      productCategory: category,
      basePrice,
      stockUnit: 'UN',
      salesUnit: 'UN',
      purchaseUnit: 'UN',
      salesUnitToStockUnitConversionFactor: '1',
      accountingCode: category === 'DIS' ? 'DISPRODUCT' : 'FINPRODUCT',
      taxLevel,
    });
  }
  // 500 of every product on every site, in one statement (trial folders are seeded on demand).
  await client.query(
    `INSERT INTO x3_stock (folder, _id, product, site, physical_stock, average_cost, _create_stamp, _update_stamp)
     SELECT $1, p.code || '|' || s.site, p.code, s.site, 500, p.price, $4, $4
     FROM unnest($2::text[], $3::numeric[]) AS p(code, price) CROSS JOIN unnest($5::text[]) AS s(site)`,
    [
      folder,
      products().map(([code]) => code),
      products().map(([, , , price]) => price),
      stamp,
      SITES.map(([site]) => site),
    ],
  );
  await seedAnalytics(client, folder, stamp);
  await seedPurchasing(client, folder);
  await seedSales(client, folder);
  await seedRegions(client, folder);
}

async function seedPurchasing(client: PoolClient, folder: string): Promise<void> {
  const po = (id: string, site: string, supplier: string, lines: Array<[string, string, string]>) =>
    createPurchaseOrder(client, folder, {
      id,
      purchaseSite: site,
      orderFromSupplier: supplier,
      orderDate: '2026-10-05',
      internalOrderReference: `REF-${id.slice(-4)}`,
      purchaseOrderLines: lines.map(([product, quantityInOrderUnitOrdered, grossPrice]) => ({
        product,
        quantityInOrderUnitOrdered,
        grossPrice,
      })),
    });
  await po('POFR0110110', 'FR011', 'CN001', [['DIS010', '20', '4.1250']]);
  await po('POFR0110111', 'FR011', 'FR053', [['DIS011', '15', '5.5000']]);
  await po('POFR0110112', 'FR011', 'CN001', [
    ['DIS012', '100', '6.7500'],
    ['DIS013', '50', '7.1250'],
  ]);
  await po('POFR0110113', 'FR011', 'CN001', [
    ['DIS012', '40', '6.7500'],
    ['DIS013', '30', '7.1250'],
    ['DIS014', '25', '8.3333'],
    ['FIN002', '2', '410.0000'],
  ]);
  await po('POFR0120001', 'FR012', 'CN001', [['DIS015', '10', '9.0000']]);
  await client.query(
    `INSERT INTO x3_sequences (folder, prefix, next_value) VALUES ($1, 'POFR011', 114), ($1, 'RECFR011', 94)
    ON CONFLICT (folder, prefix) DO UPDATE SET next_value = EXCLUDED.next_value`,
    [folder],
  );
  await createPurchaseReceipt(client, folder, {
    receiptSite: 'FR011',
    supplier: 'CN001',
    receiptDate: '2026-10-20',
    lines: [
      {
        purchaseOrder: 'POFR0110110',
        purchaseOrderLineNumber: 1000,
        product: 'DIS010',
        quantityInReceiptUnitReceived: '20',
        stockDetails: [{ status: 'A' }],
      },
    ],
  });
  const bill = await createPurchaseInvoice(client, folder, {
    site: 'FR011',
    billBySupplier: 'CN001',
    supplierDocumentNumber: 'SZ-88412',
    accountingDate: '2026-10-25',
    lines: [
      { product: 'DIS010', quantityInPurchaseUnitInvoiced: '20', netPrice: '4.1250', purchaseOrder: 'POFR0110110' },
    ],
  });
  await createPayment(client, folder, {
    businessPartnerType: 'supplier',
    businessPartner: 'CN001',
    site: 'FR011',
    lines: [{ document: bill, amount: '82.50' }],
  });
}

async function seedSales(client: PoolClient, folder: string): Promise<void> {
  const order = (site: string, customer: string, lines: Array<[string, string, string?]>, reference: string) =>
    createSalesOrder(client, folder, {
      salesSite: site,
      soldToCustomer: customer,
      orderDate: '2026-11-02',
      customerOrderReference: reference,
      lines: lines.map(([product, quantityInSalesUnitOrdered, grossPrice]) => ({
        product,
        quantityInSalesUnitOrdered,
        grossPrice,
      })),
    });
  // Open, not delivered.
  await order(
    'FR011',
    'FR001',
    [
      ['FIN001', '4'],
      ['UT_KEYBOARD', '10', '21.9900'],
    ],
    'PO-FR001-77',
  );
  // Partly delivered.
  const partly = await order(
    'FR011',
    'UTFR001',
    [
      ['FIN002', '3'],
      ['DIS001', '12.5', '4.5833'],
    ],
    'UT-2026-11',
  );
  const d1 = await createDelivery(client, folder, {
    salesOrder: partly,
    lines: [{ salesOrderLine: 1000, quantityInSalesUnitDelivered: '1' }],
  });
  await validateDelivery(client, folder, d1);
  // Delivered, invoiced, posted, paid: the order closes.
  const closed = await order(
    'FR011',
    'FR002',
    [
      ['FIN003', '1', '1249.5000'],
      ['DIS002', '7', '5.9166'],
    ],
    'LY-5531',
  );
  const d2 = await createDelivery(client, folder, { salesOrder: closed });
  await validateDelivery(client, folder, d2);
  const invoice = await createSalesInvoice(client, folder, { salesDelivery: d2, accountingDate: '2026-11-05' });
  await postSalesInvoice(client, folder, invoice);
  await createPayment(client, folder, {
    businessPartnerType: 'customer',
    businessPartner: 'FR002',
    site: 'FR011',
    lines: [
      { document: invoice, amount: (await getRow(client, 'salesInvoice', folder, invoice))!.totalAmountIncludingTax },
    ],
  });
  // A credit memo, not yet posted.
  await createSalesInvoice(client, folder, {
    invoiceType: 'creditMemo',
    salesSite: 'FR011',
    billToCustomer: 'FR002',
    originalInvoice: invoice,
    lines: [{ product: 'DIS002', quantityInSalesUnitInvoiced: '1', netPrice: '5.9166' }],
  });
  // A second company in another currency (US10, USD): delivered, invoiced, not posted.
  const us = await order(
    'US011',
    'US001',
    [
      ['FIN001', '2', '199.9900'],
      ['DIS003', '40', '7.2475'],
    ],
    'CHI-0042',
  );
  const d3 = await createDelivery(client, folder, { salesOrder: us });
  await validateDelivery(client, folder, d3);
  await createSalesInvoice(client, folder, { salesDelivery: d3 });
  // An order with 25 lines, so nested line collections page.
  const many: Array<[string, string, string?]> = [];
  for (let i = 1; i <= 25; i++) many.push([`DIS${String(i).padStart(3, '0')}`, String(i), undefined]);
  await order('FR011', 'PT001', many, 'LIS-BIG-25');
  await createJournalEntry(client, folder, {
    entryType: 'ODG',
    company: 'FR10',
    site: 'FR011',
    journal: 'OD',
    accountingDate: '2026-11-10',
    currency: 'EUR',
    description: 'Bank fees November',
    lines: [
      {
        account: '607000',
        sense: 'debit',
        amountInCurrency: '12.35',
        description: 'Fees',
        analyticalDimension1: 'ADMIN',
        analyticalDimension2: 'P100',
      },
      { account: '512000', sense: 'credit', amountInCurrency: '12.35', description: 'Bank' },
    ],
  });
}
