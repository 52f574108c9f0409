import { AccountingApi, Allocations } from 'xero-node';

// What the connector knows about each writable entity: how the SDK wraps a batch, which field
// is Xero's id and which is our natural key, and how to create, upsert, list and look up by key.

type Res = Promise<{ response: { status: number; headers: unknown }; body: unknown }>;
type Records = Record<string, unknown>[];

export interface ListQuery {
  modifiedSince?: Date;
  where?: string;
  order?: string;
  page?: number;
  /** Up to 1000 where the endpoint pages. */
  pageSize?: number;
}

export interface EntitySpec {
  /** Wrapper property of the SDK model (and, PascalCased, of the wire body). */
  wrapper: string;
  idField: string;
  /** Fields that identify a record in Xero without its id, tried in order. */
  naturalKeys: string[];
  create?: (api: AccountingApi, t: string, records: Records, key: string) => Res;
  upsert?: (api: AccountingApi, t: string, records: Records, key: string) => Res;
  list: (api: AccountingApi, t: string, q: ListQuery) => Res;
  get: (api: AccountingApi, t: string, id: string) => Res;
  /** Finds existing records by natural key values (≤ 50 at a time). */
  findByKeys?: (api: AccountingApi, t: string, field: string, values: string[]) => Res;
}

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const anyOf = (field: string, values: string[]) => values.map((v) => `${field}==${quote(v)}`).join(' OR ');
const PASCAL: Record<string, string> = {
  invoiceNumber: 'InvoiceNumber',
  contactNumber: 'ContactNumber',
  name: 'Name',
  code: 'Code',
  creditNoteNumber: 'CreditNoteNumber',
  reference: 'Reference',
};
const size = (q: ListQuery) => (q.pageSize ? Math.min(1000, q.pageSize) : undefined);
const S = false; // summarizeErrors=false: per-record outcomes in a 200

/**
 * The records are plain JSON in Xero's shape; xero-node's wrapper types (Contacts, Invoices, ...)
 * describe that same JSON, so the wrapper is typed as whichever one the call expects.
 */
const w = <Wrapper>(wrapper: string, records: Records): Wrapper => ({ [wrapper]: records }) as Wrapper;

function bankTransactionsAs(idField: 'overpaymentID' | 'prepaymentID'): EntitySpec {
  return {
    wrapper: 'bankTransactions',
    idField,
    naturalKeys: ['reference'],
    create: (api, t, r, k) => api.createBankTransactions(t, w('bankTransactions', r), S, undefined, k),
    list: (api, t, q) => api.getBankTransactions(t, q.modifiedSince, q.where, q.order, q.page ?? 1, undefined, size(q)),
    get: (api, t, id) => api.getBankTransaction(t, id),
    findByKeys: (api, t, f, v) =>
      api.getBankTransactions(t, undefined, anyOf(PASCAL[f], v), undefined, 1, undefined, 1000),
  };
}

/** The field of an allocation record naming the credit (overpayment, prepayment, credit note) it allocates (not sent). */
export const CREDIT_ID_FIELD = 'creditID';

type AllocationsCall = (api: AccountingApi, t: string, creditId: string, allocations: Allocations, key: string) => Res;

function allocationsOf(call: AllocationsCall): EntitySpec {
  return {
    wrapper: 'allocations',
    idField: 'allocationID',
    naturalKeys: [],
    create: (api, t, r, k) => {
      const ids = new Set(r.map((x) => x[CREDIT_ID_FIELD]));
      if (ids.size !== 1) throw new Error('an allocations batch names exactly one credit');
      const bare = r.map(({ [CREDIT_ID_FIELD]: _id, ...rest }) => rest);
      return call(api, t, String([...ids][0]), w('allocations', bare), k);
    },
    list: () => Promise.reject(new Error('allocations are read with their credit')),
    get: () => Promise.reject(new Error('allocations are read with their credit')),
  };
}

export const ENTITIES: Record<string, EntitySpec> = {
  contacts: {
    wrapper: 'contacts',
    idField: 'contactID',
    naturalKeys: ['contactNumber', 'name'],
    create: (api, t, r, k) => api.createContacts(t, w('contacts', r), S, k),
    upsert: (api, t, r, k) => api.updateOrCreateContacts(t, w('contacts', r), S, k),
    list: (api, t, q) =>
      api.getContacts(
        t,
        q.modifiedSince,
        q.where,
        q.order,
        undefined,
        q.page ?? 1,
        true,
        undefined,
        undefined,
        size(q),
      ),
    get: (api, t, id) => api.getContact(t, id),
    findByKeys: (api, t, f, v) =>
      api.getContacts(t, undefined, anyOf(PASCAL[f], v), undefined, undefined, 1, true, undefined, undefined, 1000),
  },
  items: {
    wrapper: 'items',
    idField: 'itemID',
    naturalKeys: ['code'],
    create: (api, t, r, k) => api.createItems(t, w('items', r), S, 4, k),
    upsert: (api, t, r, k) => api.updateOrCreateItems(t, w('items', r), S, 4, k),
    list: (api, t, q) => api.getItems(t, q.modifiedSince, q.where, q.order, 4),
    get: (api, t, id) => api.getItem(t, id, 4),
    findByKeys: (api, t, f, v) => api.getItems(t, undefined, anyOf(PASCAL[f], v), undefined, 4),
  },
  invoices: {
    wrapper: 'invoices',
    idField: 'invoiceID',
    naturalKeys: ['invoiceNumber', 'reference'],
    create: (api, t, r, k) => api.createInvoices(t, w('invoices', r), S, 4, k),
    upsert: (api, t, r, k) => api.updateOrCreateInvoices(t, w('invoices', r), S, 4, k),
    list: (api, t, q) =>
      api.getInvoices(
        t,
        q.modifiedSince,
        q.where,
        q.order,
        undefined,
        undefined,
        undefined,
        undefined,
        q.page ?? 1,
        true,
        undefined,
        4,
        undefined,
        size(q),
      ),
    get: (api, t, id) => api.getInvoice(t, id, 4),
    findByKeys: (api, t, f, v) =>
      f === 'invoiceNumber'
        ? api.getInvoices(
            t,
            undefined,
            undefined,
            undefined,
            undefined,
            v,
            undefined,
            undefined,
            1,
            true,
            undefined,
            4,
            undefined,
            1000,
          )
        : api.getInvoices(
            t,
            undefined,
            anyOf(PASCAL[f], v),
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
            1,
            true,
            undefined,
            4,
            undefined,
            1000,
          ),
  },
  creditNotes: {
    wrapper: 'creditNotes',
    idField: 'creditNoteID',
    naturalKeys: ['creditNoteNumber', 'reference'],
    create: (api, t, r, k) => api.createCreditNotes(t, w('creditNotes', r), S, 4, k),
    upsert: (api, t, r, k) => api.updateOrCreateCreditNotes(t, w('creditNotes', r), S, 4, k),
    list: (api, t, q) => api.getCreditNotes(t, q.modifiedSince, q.where, q.order, q.page ?? 1, 4, size(q)),
    get: (api, t, id) => api.getCreditNote(t, id, 4),
    findByKeys: (api, t, f, v) => api.getCreditNotes(t, undefined, anyOf(PASCAL[f], v), undefined, 1, 4, 1000),
  },
  payments: {
    wrapper: 'payments',
    idField: 'paymentID',
    naturalKeys: ['reference'],
    create: (api, t, r, k) => api.createPayments(t, w('payments', r), S, k),
    list: (api, t, q) => api.getPayments(t, q.modifiedSince, q.where, q.order, q.page ?? 1, size(q)),
    get: (api, t, id) => api.getPayment(t, id),
    findByKeys: (api, t, f, v) => api.getPayments(t, undefined, anyOf(PASCAL[f], v), undefined, 1, 1000),
  },
  // An overpayment or prepayment is written as a BankTransaction of that Type; Xero's answer
  // names the credit it made (OverpaymentID / PrepaymentID), the id its Allocations take.
  overpayments: bankTransactionsAs('overpaymentID'),
  prepayments: bankTransactionsAs('prepaymentID'),
  // One batch allocates one credit (the path names it): each record carries its credit's id.
  overpaymentAllocations: allocationsOf((api, t, id, a, k) => api.createOverpaymentAllocations(t, id, a, S, k)),
  prepaymentAllocations: allocationsOf((api, t, id, a, k) => api.createPrepaymentAllocations(t, id, a, S, k)),
  // a credit note applied within an X3 payment (drain/payment-credits.ts)
  creditNoteAllocations: allocationsOf((api, t, id, a, k) => api.createCreditNoteAllocation(t, id, a, S, k)),
  manualJournals: {
    wrapper: 'manualJournals',
    idField: 'manualJournalID',
    naturalKeys: [],
    create: (api, t, r, k) => api.createManualJournals(t, w('manualJournals', r), S, k),
    upsert: (api, t, r, k) => api.updateOrCreateManualJournals(t, w('manualJournals', r), S, k),
    list: (api, t, q) => api.getManualJournals(t, q.modifiedSince, q.where, q.order, q.page ?? 1, size(q)),
    get: (api, t, id) => api.getManualJournal(t, id),
  },
  purchaseOrders: {
    wrapper: 'purchaseOrders',
    idField: 'purchaseOrderID',
    naturalKeys: [],
    create: (api, t, r, k) => api.createPurchaseOrders(t, w('purchaseOrders', r), S, k),
    upsert: (api, t, r, k) => api.updateOrCreatePurchaseOrders(t, w('purchaseOrders', r), S, k),
    list: (api, t, q) =>
      api.getPurchaseOrders(t, q.modifiedSince, undefined, undefined, undefined, q.order, q.page ?? 1, size(q)),
    get: (api, t, id) => api.getPurchaseOrder(t, id),
  },
  accounts: {
    wrapper: 'accounts',
    idField: 'accountID',
    naturalKeys: ['code'],
    list: (api, t, q) => api.getAccounts(t, q.modifiedSince, q.where, q.order),
    get: (api, t, id) => api.getAccount(t, id),
  },
  taxRates: {
    wrapper: 'taxRates',
    idField: 'taxType',
    naturalKeys: [],
    list: (api, t, q) => api.getTaxRates(t, q.where, q.order),
    get: (api, t, id) => api.getTaxRates(t, `TaxType==${quote(id)}`),
  },
  currencies: {
    wrapper: 'currencies',
    idField: 'code',
    naturalKeys: [],
    list: (api, t, q) => api.getCurrencies(t, q.where, q.order),
    get: (api, t, id) => api.getCurrencies(t, `Code==${quote(id)}`),
  },
  trackingCategories: {
    wrapper: 'trackingCategories',
    idField: 'trackingCategoryID',
    naturalKeys: [],
    list: (api, t, q) => api.getTrackingCategories(t, q.where, q.order, true),
    get: (api, t, id) => api.getTrackingCategory(t, id),
  },
  organisations: {
    wrapper: 'organisations',
    idField: 'organisationID',
    naturalKeys: [],
    list: (api, t) => api.getOrganisations(t),
    get: (api, t) => api.getOrganisations(t),
  },
};

export type EntityName = keyof typeof ENTITIES;

export function spec(entity: string): EntitySpec {
  const s = ENTITIES[entity];
  if (!s) throw new Error(`unknown Xero entity ${entity}`);
  return s;
}
