import { Doc } from '../db/entity-store';
import { badRequest } from '../core/xero-errors';
import { parseDateInput, parseHttpDate } from '../core/ms-date';
import { evaluate, fieldValue, parseWhere } from './where-filter';

export interface ListParams {
  where?: string;
  order?: string;
  page?: string;
  pageSize?: string;
  ifModifiedSince?: string;
}

export interface ListResult {
  items: Doc[];
  pagination?: { page: number; pageSize: number; pageCount: number; itemCount: number };
}

/** Fields each list filters on efficiently; anything else in `where` is refused with a 400. */
export const FILTERABLE: Record<string, string[]> = {
  Contacts: [
    'Name',
    'EmailAddress',
    'AccountNumber',
    'ContactNumber',
    'ContactStatus',
    'ContactID',
    'IsCustomer',
    'IsSupplier',
    'UpdatedDateUTC',
  ],
  Invoices: [
    'Status',
    'Type',
    'Date',
    'DueDate',
    'InvoiceNumber',
    'Reference',
    'InvoiceID',
    'Contact.ContactID',
    'Contact.Name',
    'Contact.ContactNumber',
    'AmountDue',
    'UpdatedDateUTC',
    'CurrencyCode',
  ],
  CreditNotes: [
    'Status',
    'Type',
    'Date',
    'CreditNoteNumber',
    'Reference',
    'CreditNoteID',
    'Contact.ContactID',
    'Contact.Name',
    'UpdatedDateUTC',
  ],
  Payments: [
    'Status',
    'PaymentType',
    'Date',
    'Amount',
    'Reference',
    'PaymentID',
    'Invoice.InvoiceID',
    'Invoice.InvoiceNumber',
    'UpdatedDateUTC',
  ],
  ManualJournals: ['Status', 'Date', 'Narration', 'ManualJournalID', 'UpdatedDateUTC'],
  Items: ['Code', 'Name', 'ItemID', 'IsSold', 'IsPurchased', 'IsTrackedAsInventory', 'UpdatedDateUTC'],
  Accounts: [
    'Code',
    'Name',
    'Type',
    'Status',
    'Class',
    'AccountID',
    'TaxType',
    'BankAccountType',
    'SystemAccount',
    'EnablePaymentsToAccount',
  ],
  TaxRates: ['TaxType', 'Name', 'Status', 'ReportTaxType'],
  Currencies: ['Code', 'Description'],
  TrackingCategories: ['Name', 'Status', 'TrackingCategoryID'],
  PurchaseOrders: ['Status', 'Date', 'PurchaseOrderNumber', 'UpdatedDateUTC'],
  BankTransactions: ['Type', 'Status', 'Date', 'Reference', 'BankTransactionID', 'Contact.ContactID', 'UpdatedDateUTC'],
  Overpayments: ['Type', 'Status', 'Date', 'Reference', 'OverpaymentID', 'Contact.ContactID', 'UpdatedDateUTC'],
  Prepayments: ['Type', 'Status', 'Date', 'Reference', 'PrepaymentID', 'Contact.ContactID', 'UpdatedDateUTC'],
};

function sortKey(v: unknown): string | number {
  if (typeof v === 'string') {
    const ms = /^\/Date\(/.test(v) ? parseDateInput(v) : undefined;
    return ms !== undefined && !Number.isNaN(ms) ? ms : v.toLowerCase();
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return (v as number) ?? '';
}

export function applyList(resource: string, docs: Doc[], p: ListParams, paged: boolean): ListResult {
  let items = docs;
  const since = parseHttpDate(p.ifModifiedSince);
  if (p.ifModifiedSince && since === undefined) throw badRequest('If-Modified-Since is not a valid date');
  if (since !== undefined) items = items.filter((d) => (parseDateInput(d.UpdatedDateUTC) ?? 0) > since);
  if (p.where && p.where.trim()) {
    const { node, fields } = parseWhere(p.where);
    const allowed = FILTERABLE[resource] ?? [];
    const bad = fields.find((f) => !allowed.includes(f));
    if (bad) {
      throw badRequest(
        `Your request is not filtering ${resource} efficiently: '${bad}' cannot be used in a where filter. Use one of ${allowed.join(', ')}.`,
      );
    }
    items = items.filter((d) => evaluate(node, d));
  }
  if (p.order && p.order.trim()) {
    const keys = p.order.split(',').map((part) => {
      const [field, dir = 'ASC'] = part.trim().split(/\s+/);
      if (!(FILTERABLE[resource] ?? []).includes(field) && field !== 'UpdatedDateUTC')
        throw badRequest(`Cannot order ${resource} by '${field}'`);
      if (!/^(ASC|DESC)$/i.test(dir)) throw badRequest(`Order direction must be ASC or DESC`);
      return { field, desc: /^DESC$/i.test(dir) };
    });
    items = [...items].sort((a, b) => {
      for (const k of keys) {
        const x = sortKey(fieldValue(a, k.field));
        const y = sortKey(fieldValue(b, k.field));
        if (x < y) return k.desc ? 1 : -1;
        if (x > y) return k.desc ? -1 : 1;
      }
      return 0;
    });
  }
  if (!paged || p.page === undefined) return { items };
  const page = Number(p.page);
  const pageSize = p.pageSize === undefined ? 100 : Number(p.pageSize);
  if (!Number.isInteger(page) || page < 1) throw badRequest('page must be a positive whole number');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
    throw badRequest('pageSize must be between 1 and 1000');
  const itemCount = items.length;
  return {
    items: items.slice((page - 1) * pageSize, page * pageSize),
    pagination: { page, pageSize, pageCount: Math.ceil(itemCount / pageSize), itemCount },
  };
}
