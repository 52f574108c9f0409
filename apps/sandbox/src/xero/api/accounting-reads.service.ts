import { Injectable } from '@nestjs/common';
import { Doc, EntityKind } from '../db/entity-store';
import { recordOf, text } from '../core/json';
import { notFound } from '../core/xero-errors';
import { OrgStore } from '../orgs/org-store';
import { envelope, unitdpOf } from './batch';
import { applyList } from './list-query';
import { presentDocument, presentItem } from './presenters';
import { XeroRequestContext } from './xero-context';

export type Query = Record<string, string | undefined>;

const KINDS: Record<string, EntityKind> = {
  Accounts: 'Account',
  TaxRates: 'TaxRate',
  Currencies: 'Currency',
  TrackingCategories: 'TrackingCategory',
  Contacts: 'Contact',
  Items: 'Item',
  Invoices: 'Invoice',
  CreditNotes: 'CreditNote',
  Payments: 'Payment',
  ManualJournals: 'ManualJournal',
  PurchaseOrders: 'PurchaseOrder',
};
// The list operations whose definition in xero_accounting.yaml declares If-Modified-Since; the
// others (TaxRates, Currencies, TrackingCategories) ignore the header, as Xero does.
// api/if-modified-since.int-spec.ts checks this set against the vendored spec.
const HONOURS_IF_MODIFIED_SINCE = new Set([
  'Accounts',
  'Contacts',
  'Items',
  'Invoices',
  'CreditNotes',
  'Payments',
  'ManualJournals',
  'PurchaseOrders',
]);
const PAGED = new Set(['Contacts', 'Invoices', 'CreditNotes', 'Payments', 'ManualJournals', 'PurchaseOrders']);
const ID_FIELD: Record<string, string> = {
  Invoices: 'InvoiceID',
  Contacts: 'ContactID',
  CreditNotes: 'CreditNoteID',
  Payments: 'PaymentID',
  PurchaseOrders: 'PurchaseOrderID',
  ManualJournals: 'ManualJournalID',
  Items: 'ItemID',
};

function csv(value: string | undefined): string[] | undefined {
  return value
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : undefined;
}

/** GET endpoints of the Accounting API. */
@Injectable()
export class AccountingReads {
  constructor(private readonly store: OrgStore) {}

  async organisation(ctx: XeroRequestContext): Promise<Doc> {
    return this.store.run(ctx.tenantId, (s) => Promise.resolve(envelope(ctx, s.now, 'Organisations', [s.org])), {
      readOnly: true,
    });
  }

  async list(ctx: XeroRequestContext, resource: string, q: Query, ifModifiedSince?: string): Promise<Doc> {
    return this.store.run(
      ctx.tenantId,
      async (s) => {
        let docs: Doc[] = await s.all(KINDS[resource]);
        docs = this.explicitFilters(resource, docs, q);
        const paged = PAGED.has(resource);
        const { items, pagination } = applyList(
          resource,
          docs,
          {
            where: q.where,
            order: q.order,
            page: q.page,
            pageSize: q.pageSize,
            ifModifiedSince: HONOURS_IF_MODIFIED_SINCE.has(resource) ? ifModifiedSince : undefined,
          },
          paged,
        );
        const unitdp = unitdpOf(q.unitdp);
        // Unpaged invoice and credit-note lists come without line items, as Xero's do.
        const withLines = !['Invoices', 'CreditNotes'].includes(resource) || q.page !== undefined;
        const shaped = items.map((d) => this.present(resource, d, unitdp, withLines));
        return envelope(ctx, s.now, resource, shaped, pagination);
      },
      { readOnly: true },
    );
  }

  async one(ctx: XeroRequestContext, resource: string, id: string, q: Query): Promise<Doc> {
    return this.store.run(
      ctx.tenantId,
      async (s) => {
        let doc: Doc | undefined = await s.get(KINDS[resource], id);
        if (!doc && resource === 'Invoices') doc = (await s.all('Invoice')).find((i) => i.InvoiceNumber === id);
        // GET /Contacts/{ContactNumber} (getContactByContactNumber) shares the path shape.
        if (!doc && resource === 'Contacts') doc = (await s.all('Contact')).find((c) => c.ContactNumber === id);
        if (!doc) throw notFound();
        return envelope(ctx, s.now, resource, [this.present(resource, doc, unitdpOf(q.unitdp), true)]);
      },
      { readOnly: true },
    );
  }

  private present(resource: string, d: Doc, unitdp: number, withLines: boolean): Doc {
    if (resource === 'Items') return presentItem(d, unitdp);
    if (['Invoices', 'CreditNotes', 'PurchaseOrders'].includes(resource)) return presentDocument(d, unitdp, withLines);
    return d;
  }

  /** IDs, InvoiceNumbers, ContactIDs, Statuses, includeArchived, searchTerm, PurchaseOrders' Status/DateFrom/DateTo. */
  private explicitFilters(resource: string, docs: Doc[], q: Query): Doc[] {
    let out = docs;
    const ids = csv(q.IDs)?.map((v) => v.toLowerCase());
    const lower = (v: unknown) => text(v)?.toLowerCase() ?? '';
    if (ids && ID_FIELD[resource]) out = out.filter((d) => ids.includes(lower(d[ID_FIELD[resource]])));
    const numbers = csv(q.InvoiceNumbers);
    if (numbers && resource === 'Invoices') out = out.filter((d) => numbers.includes(text(d.InvoiceNumber) ?? ''));
    const contactIds = csv(q.ContactIDs)?.map((v) => v.toLowerCase());
    if (contactIds) out = out.filter((d) => contactIds.includes(lower(recordOf(d.Contact)?.ContactID)));
    const statuses = csv(q.Statuses ?? (resource === 'PurchaseOrders' ? q.Status : undefined));
    if (statuses) out = out.filter((d) => statuses.includes(text(d.Status) ?? ''));
    if (resource === 'Contacts' && q.includeArchived !== 'true' && !q.IDs)
      out = out.filter((d) => d.ContactStatus !== 'ARCHIVED');
    if (resource === 'TrackingCategories' && q.includeArchived !== 'true')
      out = out.filter((d) => d.Status === 'ACTIVE');
    if (q.searchTerm && ['Contacts', 'Invoices'].includes(resource)) {
      const term = q.searchTerm.toLowerCase();
      out = out.filter((d) =>
        [
          d.Name,
          d.FirstName,
          d.LastName,
          d.EmailAddress,
          d.ContactNumber,
          d.InvoiceNumber,
          d.Reference,
          recordOf(d.Contact)?.Name,
        ].some((v) => typeof v === 'string' && v.toLowerCase().includes(term)),
      );
    }
    if (resource === 'PurchaseOrders') {
      const from = q.DateFrom ? Date.parse(`${q.DateFrom}T00:00:00Z`) : undefined;
      const to = q.DateTo ? Date.parse(`${q.DateTo}T00:00:00Z`) : undefined;
      const ms = (d: Doc) => Number(/\((-?\d+)/.exec(text(d.Date) ?? '')?.[1]);
      if (from !== undefined) out = out.filter((d) => ms(d) >= from);
      if (to !== undefined) out = out.filter((d) => ms(d) <= to);
    }
    return out;
  }
}
