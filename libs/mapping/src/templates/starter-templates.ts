// Starter templates: one mapping document per entity (X3 → Xero) for each Xero region, in the
// engine's mapping document format. The Xero adapters already build each payload from the
// canonical record; a template adds what only the two ledgers' set-up knows: accounts and tax
// types by lookup, status maps, defaults and the journal filter. Everything here is a plain
// copy, constant or lookup (no expression runs per field), so mapping stays cheap.
import type { CanonicalEntity } from '../canonical';
import type { MappingDirection } from '../adapters/adapter-contract';
import { LookupTable, MAPPING_DOCUMENT_SCHEMA, MappingDocument } from '../engine/mapping-document';
import {
  bankAccountTable,
  trackingTable,
  itemAccountTable,
  itemTaxTypeTable,
  journalAccountTable,
  purchaseAccountTable,
  salesAccountTable,
  taxTypeTable,
} from './lookup-tables';
import { isReverseStarterEntity, reverseStarterTemplate } from './reverse-templates';
import { PURCHASE_ACCOUNTS, REGION_FACTS, RegionFacts, SALES_ACCOUNTS, StarterRegion } from './starter-regions';

/**
 * The entities a starter set covers: master data, order-to-cash (sales orders as Xero drafts,
 * invoices, credit notes), purchase-to-pay, payments, journals.
 */
export const STARTER_ENTITIES = [
  'customer',
  'supplier',
  'product',
  'salesOrder',
  'invoice',
  'creditNote',
  'bill',
  'payment',
  'journal',
] as const satisfies readonly CanonicalEntity[];
export type StarterEntity = (typeof STARTER_ENTITIES)[number];

function base(entity: StarterEntity, facts: RegionFacts, description: string): MappingDocument {
  return {
    schema: MAPPING_DOCUMENT_SCHEMA,
    entity,
    direction: 'x3-to-xero',
    fields: [],
    lookups: [],
    description: `Starter (${facts.region}, X3 ${facts.x3Company} ↔ Xero ${facts.baseCurrency}): ${description}`,
  };
}

/** Due dates: X3 gives each document its own; these fill the rare one without. */
const DUE_IN_30_DAYS = { rule: 'days-after-invoice-date', days: 30 } as const;

function parties(entity: 'customer' | 'supplier', facts: RegionFacts): MappingDocument {
  return {
    ...base(entity, facts, `${entity}s to contacts (ContactNumber = X3 code)`),
    defaults: {
      paymentTerms:
        entity === 'customer'
          ? { sales: { day: 30, type: 'DAYSAFTERBILLDATE' } }
          : { bills: { day: 30, type: 'DAYSAFTERBILLDATE' } },
    },
  };
}

function products(facts: RegionFacts): MappingDocument {
  return {
    ...base('product', facts, 'products to items, sales and purchase accounts and tax types by lookup'),
    fields: [
      lookupField('salesDetails.accountCode', 'item-sales-account', ['accountingCode'], 'accountCode', 'default'),
      lookupField('salesDetails.taxType', 'item-sales-tax-type', ['taxLevel'], 'taxType', 'default'),
      lookupField('purchaseDetails.accountCode', 'item-purchase-account', ['accountingCode'], 'accountCode', 'default'),
      lookupField('purchaseDetails.taxType', 'item-purchase-tax-type', ['taxLevel'], 'taxType', 'default'),
    ],
    lookups: [
      itemAccountTable('item-sales-account', SALES_ACCOUNTS),
      itemTaxTypeTable('item-sales-tax-type', facts.itemSalesTaxTypes),
      itemAccountTable('item-purchase-account', PURCHASE_ACCOUNTS),
      itemTaxTypeTable('item-purchase-tax-type', facts.itemPurchaseTaxTypes),
    ],
  };
}

function lookupField(
  target: string,
  table: string,
  key: string[],
  field: string,
  mode: 'set' | 'default' = 'set',
): MappingDocument['fields'][number] {
  return { target, source: { kind: 'lookup', table, key, field }, mode, required: mode === 'set' };
}

/** X3 SINVOICE STA → Xero status: unposted invoices arrive as drafts, a cancelled number never. */
const SALES_STATUSES = { notPosted: 'DRAFT', posted: 'AUTHORISED', notUsed: 'skip' } as const;
/** X3 PINVOICE STA → Xero status. */
const PURCHASE_STATUSES = { pending: 'DRAFT', toValidate: 'SUBMITTED', validated: 'AUTHORISED' } as const;

/** A sales document's lines: revenue account and output tax type by lookup, tracking by the DEPT table. */
function salesLines(facts: RegionFacts): Pick<MappingDocument, 'fields' | 'lookups'> {
  return {
    fields: [
      lookupField(
        'lineItems[].accountCode',
        'sales-account',
        ['lines[].productAccountingCode', 'taxRule'],
        'accountCode',
      ),
      lookupField('lineItems[].taxType', 'sales-tax-type', ['taxRule', 'lines[].taxCode'], 'taxType'),
    ],
    lookups: [salesAccountTable(), taxTypeTable('sales-tax-type', facts.salesTaxTypes), trackingTable()],
  };
}

function salesDocument(entity: 'invoice', facts: RegionFacts): MappingDocument {
  return {
    ...base(entity, facts, 'posted sales invoices to ACCREC invoices'),
    ...salesLines(facts),
    statusMap: { entries: { ...SALES_STATUSES }, otherwise: 'keep' },
    defaults: { dueDate: DUE_IN_30_DAYS },
    options: { tracking: { table: 'tracking' } },
  };
}

/**
 * Sales orders (the opt-in orders flow): each X3 order, or each validated delivery of it (flow
 * option draftOn 'shipment'), as a DRAFT ACCREC invoice whose Reference is the order's number; the
 * posted X3 invoice later takes the draft over (InvoiceNumber, AUTHORISED). The lines are looked up
 * as an invoice's. No status map: Xero has no sales order, so the adapter always sends a draft (a
 * deleted order deletes it) and nothing here may make it anything else, PAID least of all.
 */
function salesOrders(facts: RegionFacts): MappingDocument {
  return {
    ...base(
      'salesOrder',
      facts,
      'sales orders to DRAFT ACCREC invoices (always drafts, no status map: the posted X3 invoice takes the draft over)',
    ),
    ...salesLines(facts),
    defaults: { dueDate: DUE_IN_30_DAYS },
    options: { tracking: { table: 'tracking' } },
  };
}

/** One table for both sides of a credit note: the sales table's entries keyed 'sales', the purchase one's 'purchase'. */
function bySide(name: string, sales: LookupTable, purchase: LookupTable): LookupTable {
  const keyed = (side: string, t: LookupTable) => t.entries.map((e) => ({ ...e, key: [side, ...e.key] }));
  return {
    name,
    kind: sales.kind,
    keyFields: ['side', ...sales.keyFields],
    entries: [...keyed('sales', sales), ...keyed('purchase', purchase)],
  };
}

/**
 * Credit notes: X3 sales credit memos (SINVOICE) → ACCRECCREDIT and supplier credit notes
 * (PINVOICE) → ACCPAYCREDIT ride one flow, so accounts and tax types are looked up by the credit
 * note's side (a supplier credit goes back to the purchase account with an input tax type) and
 * both ledgers' statuses are mapped (their codes do not overlap).
 */
function creditNotes(facts: RegionFacts): MappingDocument {
  return {
    ...base('creditNote', facts, 'sales credit memos to ACCRECCREDIT, supplier credit notes to ACCPAYCREDIT'),
    fields: [
      lookupField(
        'lineItems[].accountCode',
        'credit-account',
        ['side', 'lines[].productAccountingCode', 'taxRule'],
        'accountCode',
      ),
      lookupField('lineItems[].taxType', 'credit-tax-type', ['side', 'taxRule', 'lines[].taxCode'], 'taxType'),
    ],
    lookups: [
      bySide('credit-account', salesAccountTable(), purchaseAccountTable()),
      bySide(
        'credit-tax-type',
        taxTypeTable('sales-tax-type', facts.salesTaxTypes),
        taxTypeTable('purchase-tax-type', facts.purchaseTaxTypes),
      ),
      trackingTable(),
    ],
    statusMap: { entries: { ...SALES_STATUSES, ...PURCHASE_STATUSES }, otherwise: 'keep' },
    defaults: { dueDate: DUE_IN_30_DAYS },
    options: { tracking: { table: 'tracking' } },
  };
}

function bills(facts: RegionFacts): MappingDocument {
  return {
    ...base('bill', facts, 'supplier invoices to ACCPAY bills'),
    fields: [
      lookupField(
        'lineItems[].accountCode',
        'purchase-account',
        ['lines[].productAccountingCode', 'taxRule'],
        'accountCode',
      ),
      lookupField('lineItems[].taxType', 'purchase-tax-type', ['taxRule', 'lines[].taxCode'], 'taxType'),
    ],
    lookups: [purchaseAccountTable(), taxTypeTable('purchase-tax-type', facts.purchaseTaxTypes), trackingTable()],
    statusMap: { entries: { ...PURCHASE_STATUSES }, otherwise: 'keep' },
    defaults: { dueDate: DUE_IN_30_DAYS },
    options: { tracking: { table: 'tracking' } },
  };
}

function payments(facts: RegionFacts): MappingDocument {
  return {
    ...base('payment', facts, 'payments and receipts to Xero payments, bank account by payment method'),
    fields: [
      lookupField('payments[].account.code', 'bank-account', ['paymentMethod'], 'accountCode'),
      // the bank account of what the payment leaves unallocated (Xero's Overpayment or Prepayment)
      lookupField('bankAccount.code', 'bank-account', ['paymentMethod'], 'accountCode', 'default'),
    ],
    lookups: [bankAccountTable()],
  };
}

/**
 * Journals: only actual, final entries that no other flow covers. X3 makes VEN entries when an
 * invoice posts and REC/PAY entries for payments: those reach Xero as the documents themselves.
 */
function journals(facts: RegionFacts): MappingDocument {
  return {
    ...base('journal', facts, 'actual, final journal entries to manual journals'),
    fields: [
      lookupField('journalLines[].accountCode', 'journal-account', ['lines[].accountCode'], 'accountCode'),
      { target: 'journalLines[].taxType', source: { kind: 'constant', value: facts.noTaxType }, mode: 'default' },
    ],
    lookups: [journalAccountTable(facts), trackingTable()],
    options: {
      tracking: { table: 'tracking' },
      filter: {
        expression:
          "category = 'actual' and sourceStatus = 'final' and $not(entryType in ['VEN', 'ACH', 'REC', 'PAY'])",
        reason: 'only actual, final journals that no invoice, bill or payment flow already covers',
      },
    },
  };
}

const BUILDERS: Record<StarterEntity, (facts: RegionFacts) => MappingDocument> = {
  customer: (f) => parties('customer', f),
  supplier: (f) => parties('supplier', f),
  product: products,
  salesOrder: salesOrders,
  invoice: (f) => salesDocument('invoice', f),
  creditNote: creditNotes,
  bill: bills,
  payment: payments,
  journal: journals,
};

/**
 * A fresh copy of one region's starter document for one entity (callers may edit it). The
 * xero-to-x3 direction covers what flows back (reverse-templates.ts); other entities throw.
 */
export function starterTemplate(
  region: StarterRegion,
  entity: StarterEntity,
  direction: MappingDirection = 'x3-to-xero',
): MappingDocument {
  if (direction === 'x3-to-xero') return BUILDERS[entity](REGION_FACTS[region]);
  if (!isReverseStarterEntity(entity)) throw new Error(`no xero-to-x3 starter template for ${entity}`);
  return reverseStarterTemplate(region, entity);
}

/** Every starter document of a region, by entity. */
export function starterTemplates(region: StarterRegion): Record<StarterEntity, MappingDocument> {
  return Object.fromEntries(STARTER_ENTITIES.map((e) => [e, starterTemplate(region, e)])) as Record<
    StarterEntity,
    MappingDocument
  >;
}
