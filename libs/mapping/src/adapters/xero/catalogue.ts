import type { Account, AccountClass, Product, StockLevel, TaxCode } from '../../canonical';
import { toDec, toDecimalString } from '../../money';

import { cut, decimalOf, defined, instant, keyWithin, wire } from './fields';
import { XeroAdapterError } from './xero-adapter-error';
import type { TypedXeroAdapter, XeroAccount, XeroItem, XeroTaxRate } from './xero-shapes';

// Items, accounts, tax rates and stock levels.

export const ITEM_CODE_MAX = 30;
const ITEM_NAME_MAX = 50;
const ACCOUNT_CODE_MAX = 10;
const ACCOUNT_NAME_MAX = 150;
/** Item prices go to 4 places (the connector sends unitdp=4). */
const PRICE_DP = 4;

const price = (value: string | undefined) => (value === undefined ? undefined : { unitPrice: wire(value, PRICE_DP) });

export const productXeroAdapter: TypedXeroAdapter<'product', XeroItem> = {
  entity: 'product',
  xeroResource: 'Items',
  // Accounts and tax types on SalesDetails/PurchaseDetails come from lookups (the engine's field
  // mappings); IsTrackedAsInventory is Xero's own conclusion from the inventory and COGS accounts.
  toXero: (p: Product): XeroItem =>
    defined({
      code: keyWithin(p.key, ITEM_CODE_MAX, 'code'),
      name: cut(p.name, ITEM_NAME_MAX),
      // a name Xero would cut is kept whole in the description
      description: p.description ?? (p.name.length > ITEM_NAME_MAX ? p.name : undefined),
      isSold: p.isSold,
      isPurchased: p.isPurchased,
      salesDetails: p.isSold ? price(p.salesPrice) : undefined,
      purchaseDetails: p.isPurchased ? price(p.purchasePrice) : undefined,
    }),
  fromXero: (model: object): Product => {
    const i = model as XeroItem;
    return defined({
      entity: 'product' as const,
      key: i.code,
      name: i.name ?? i.code,
      description: i.description || undefined,
      isActive: true,
      isSold: i.isSold ?? true,
      isPurchased: i.isPurchased ?? true,
      isTracked: i.isTrackedAsInventory,
      salesPrice: decimalOf(i.salesDetails?.unitPrice),
      purchasePrice: decimalOf(i.purchaseDetails?.unitPrice),
      origin: defined({ system: 'xero' as const, key: i.itemID ?? i.code, updatedAt: instant(i.updatedDateUTC) }),
    });
  },
};

const XERO_TYPE_OF_CLASS: Record<AccountClass, string> = {
  asset: 'CURRENT',
  liability: 'CURRLIAB',
  equity: 'EQUITY',
  revenue: 'REVENUE',
  expense: 'EXPENSE',
};
const XERO_TYPES = new Set(
  'BANK CURRENT CURRLIAB DEPRECIATN DIRECTCOSTS EQUITY EXPENSE FIXED INVENTORY LIABILITY NONCURRENT OTHERINCOME OVERHEADS PREPAYMENT REVENUE SALES TERMLIAB PAYG'.split(
    ' ',
  ),
);
const CONTROL_ACCOUNTS = new Set(['DEBTORS', 'CREDITORS']);

export const accountXeroAdapter: TypedXeroAdapter<'account', XeroAccount> = {
  entity: 'account',
  xeroResource: 'Accounts',
  toXero: (a: Account): XeroAccount =>
    defined({
      code: keyWithin(a.code, ACCOUNT_CODE_MAX, 'code'),
      name: cut(a.name, ACCOUNT_NAME_MAX),
      // a Xero account type read earlier is kept; else the broad type of the class
      type:
        a.sourceType && XERO_TYPES.has(a.sourceType)
          ? a.sourceType
          : a.accountClass
            ? XERO_TYPE_OF_CLASS[a.accountClass]
            : undefined,
      status: a.isActive ? ('ACTIVE' as const) : ('ARCHIVED' as const),
      taxType: a.defaultTaxCode,
    }),
  fromXero: (model: object): Account => {
    const a = model as XeroAccount;
    return defined({
      entity: 'account' as const,
      code: a.code ?? '',
      name: a.name ?? '',
      accountClass: a._class ? (a._class.toLowerCase() as AccountClass) : undefined,
      sourceType: a.type,
      isControlAccount: a.systemAccount ? CONTROL_ACCOUNTS.has(a.systemAccount) : undefined,
      defaultTaxCode: a.taxType || undefined,
      isActive: a.status === undefined || a.status === 'ACTIVE',
      origin: defined({
        system: 'xero' as const,
        key: a.accountID ?? a.code ?? '',
        updatedAt: instant(a.updatedDateUTC),
      }),
    });
  },
};

/** Xero keeps tax component rates to 4 places. */
const TAX_RATE_DP = 4;

export const taxCodeXeroAdapter: TypedXeroAdapter<'taxCode', XeroTaxRate> = {
  entity: 'taxCode',
  xeroResource: 'TaxRates',
  // Xero names a new rate's TaxType itself (TAX001 …): the code is sent to update an existing
  // rate; a created rate's TaxType goes into the tax-code lookup.
  toXero: (t: TaxCode): XeroTaxRate =>
    defined({
      name: t.name,
      taxType: t.code,
      status: t.isActive ? ('ACTIVE' as const) : ('ARCHIVED' as const),
      taxComponents: [{ name: t.name, rate: wire(t.rate, TAX_RATE_DP), isCompound: false }],
    }),
  fromXero: (model: object): TaxCode => {
    const r = model as XeroTaxRate;
    // the rate a line is taxed at: the effective rate (compound components included), else the sum
    const components = (r.taxComponents ?? []).reduce((sum, c) => sum.plus(toDec(c.rate ?? 0)), toDec('0'));
    return defined({
      entity: 'taxCode' as const,
      code: r.taxType ?? '',
      name: r.name ?? r.taxType ?? '',
      rate: r.effectiveRate !== undefined ? decimalOf(r.effectiveRate)! : toDecimalString(components),
      isActive: r.status === undefined || r.status === 'ACTIVE',
      origin: { system: 'xero' as const, key: r.taxType ?? '' },
    });
  },
};

/** Xero has no sites: a stock level read from Xero is for the organisation as a whole. */
export const XERO_STOCK_SITE = 'xero';

export const stockLevelXeroAdapter: TypedXeroAdapter<'stockLevel', XeroItem> = {
  entity: 'stockLevel',
  xeroResource: 'Items',
  // Item.QuantityOnHand and TotalCostPool are read-only in Xero's API: a tracked item's quantity
  // moves only through the invoices, bills and credit notes that carry it (an inventory adjustment
  // is a bill or credit note an accountant chooses). So there is nothing to write.
  toXero: (s: StockLevel) => {
    throw new XeroAdapterError(
      'onHand',
      'not-writable',
      `stock of ${s.productKey} cannot be written to Xero: QuantityOnHand is read-only (moved only by documents)`,
    );
  },
  fromXero: (model: object): StockLevel => {
    const i = model as XeroItem;
    const onHand = toDec(i.quantityOnHand ?? 0);
    const pool = i.totalCostPool === undefined ? undefined : toDec(i.totalCostPool);
    return defined({
      entity: 'stockLevel' as const,
      productKey: i.code,
      site: XERO_STOCK_SITE,
      onHand: toDecimalString(onHand),
      allocated: '0',
      averageCost: pool && !onHand.isZero() ? toDecimalString(pool.div(onHand).toDecimalPlaces(PRICE_DP)) : undefined,
      origin: defined({ system: 'xero' as const, key: i.itemID ?? i.code, updatedAt: instant(i.updatedDateUTC) }),
    });
  },
};
