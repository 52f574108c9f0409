import { Injectable } from '@nestjs/common';
import { Doc } from '../db/entity-store';
import { badRequest, notFound } from '../core/xero-errors';
import { OrgStore } from '../orgs/org-store';
import { allocateCreditNote } from '../domain/allocations';
import { findContact, saveContact } from '../domain/contacts';
import { CREDIT_NOTE_KIND, DocumentKind, INVOICE_KIND, PURCHASE_ORDER_KIND } from '../domain/document-kinds';
import { findDocument, saveDocument } from '../domain/documents';
import { findItem, saveItem } from '../domain/items';
import { createManualJournal, upsertManualJournal } from '../domain/manual-journals';
import { createPayment, deletePayment } from '../domain/payments';
import { runBatch, runSingle, unitdpOf } from './batch';
import { presentDocument, presentItem } from './presenters';
import { XeroRequestContext } from './xero-context';

export type Mode = 'create' | 'upsert';

const DOC_KINDS: Record<string, DocumentKind> = {
  Invoices: INVOICE_KIND,
  CreditNotes: CREDIT_NOTE_KIND,
  PurchaseOrders: PURCHASE_ORDER_KIND,
};

/** PUT/POST endpoints of the Accounting API. PUT creates only; POST updates or creates. */
@Injectable()
export class AccountingWrites {
  constructor(private readonly store: OrgStore) {}

  contacts(ctx: XeroRequestContext, body: unknown, mode: Mode, summarizeErrors?: string): Promise<Doc> {
    return runBatch(this.store, ctx, 'Contacts', body, summarizeErrors, async (s, el) => {
      if (mode === 'create' && el.ContactID) throw badRequest('ContactID cannot be set when creating a contact');
      const existing = mode === 'upsert' ? await findContact(s, el) : undefined;
      return saveContact(s, el, existing, mode === 'create');
    });
  }

  updateContact(ctx: XeroRequestContext, id: string, body: Doc): Promise<Doc> {
    return runSingle(this.store, ctx, 'Contacts', async (s) => {
      const existing = await s.get('Contact', id);
      if (!existing) throw notFound();
      const el = (body?.Contacts as Doc[] | undefined)?.[0] ?? {};
      return saveContact(s, { ...el, ContactID: existing.ContactID }, existing);
    });
  }

  items(ctx: XeroRequestContext, body: unknown, mode: Mode, q: Doc): Promise<Doc> {
    const unitdp = unitdpOf(q.unitdp);
    return runBatch(this.store, ctx, 'Items', body, q.summarizeErrors, async (s, el) => {
      const existing = mode === 'upsert' ? await findItem(s, el) : undefined;
      return presentItem(await saveItem(s, el, existing, unitdp, mode === 'create'), unitdp);
    });
  }

  documents(ctx: XeroRequestContext, resource: string, body: unknown, mode: Mode, q: Doc): Promise<Doc> {
    const kind = DOC_KINDS[resource];
    const unitdp = unitdpOf(q.unitdp);
    return runBatch(this.store, ctx, resource, body, q.summarizeErrors, async (s, el) => {
      if (mode === 'create' && el[kind.idField]) throw badRequest(`${kind.idField} cannot be set when creating`);
      const existing = mode === 'upsert' ? await findDocument(s, kind, el) : undefined;
      return presentDocument(await saveDocument(s, kind, el, existing, unitdp), unitdp, true);
    });
  }

  updateDocument(ctx: XeroRequestContext, resource: string, id: string, body: Doc, q: Doc): Promise<Doc> {
    const kind = DOC_KINDS[resource];
    const unitdp = unitdpOf(q.unitdp);
    return runSingle(this.store, ctx, resource, async (s) => {
      let existing = await s.get(kind.entity, id);
      if (!existing && kind === INVOICE_KIND) existing = (await s.all('Invoice')).find((i) => i.InvoiceNumber === id);
      if (!existing) throw notFound();
      const el = (body?.[resource] as Doc[] | undefined)?.[0] ?? {};
      return presentDocument(
        await saveDocument(s, kind, { ...el, [kind.idField]: existing[kind.idField] }, existing, unitdp),
        unitdp,
        true,
      );
    });
  }

  allocations(ctx: XeroRequestContext, creditNoteId: string, body: unknown, summarizeErrors?: string): Promise<Doc> {
    return runBatch(this.store, ctx, 'Allocations', body, summarizeErrors, (s, el) =>
      allocateCreditNote(s, creditNoteId, el),
    );
  }

  payments(ctx: XeroRequestContext, body: unknown, summarizeErrors?: string): Promise<Doc> {
    return runBatch(this.store, ctx, 'Payments', body, summarizeErrors, (s, el) => createPayment(s, el));
  }

  /** POST /Payments takes one bare Payment object. */
  payment(ctx: XeroRequestContext, body: Doc): Promise<Doc> {
    return runSingle(this.store, ctx, 'Payments', (s) => createPayment(s, body ?? {}));
  }

  deletePayment(ctx: XeroRequestContext, id: string, body: Doc): Promise<Doc> {
    return runSingle(this.store, ctx, 'Payments', (s) => deletePayment(s, id, body ?? {}));
  }

  manualJournals(ctx: XeroRequestContext, body: unknown, mode: Mode, summarizeErrors?: string): Promise<Doc> {
    const save = mode === 'create' ? createManualJournal : upsertManualJournal;
    return runBatch(this.store, ctx, 'ManualJournals', body, summarizeErrors, (s, el) => save(s, el));
  }
}
