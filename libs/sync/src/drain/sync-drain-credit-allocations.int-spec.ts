// The drain allocates each X3 credit memo to the invoice (or bill) it credits, in Xero, for
// min(remaining credit, amount due): after both are in Xero (waiting for the invoice, then
// released when it lands), exactly once (a re-drain or a resend after a lost answer never
// allocates again), held for an accountant when the invoice is already paid or the period is
// locked; supplier credit notes are carried as ACCPAYCREDIT and allocated to their bill.
import Decimal from 'decimal.js';
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import { LANES } from '../pending/lanes';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { PendingChanges } from '../pending/pending-changes.service';
import { SyncCreditAllocation } from './credit-allocation.entity';
import {
  control,
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
} from './testing/drain-world';
import {
  allocationRows,
  allocationsOf,
  creditMemos,
  newCustomers,
  postedInvoices,
  supplierCreditNote,
  validatedBill,
  xeroCreditNote,
  xeroInvoice,
} from './testing/credit-documents';
import {
  acceptRecords,
  cents,
  contactsNumbered,
  figuresInXero,
  figuresOfX3,
  newSuppliers,
} from './testing/x3-documents';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
const SALES_FLOWS = ['credit-notes', 'invoices', 'customers', 'products'];
const CREDIT_ONLY = ['credit-notes', 'customers', 'products'];

describe('the drain allocates credit notes to the documents they credit, on the sandboxes', () => {
  let w: DrainWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
  });
  afterAll(() => stopDrainWorld(w));

  const allocationChanges = (pair: Pair) =>
    w.h.tx
      .run(pair.tenantId, (m) =>
        m.find(SyncPendingChange, {
          where: { flowKey: 'credit-notes' },
          order: { sourceKey: 'ASC', createdAt: 'ASC' },
        }),
      )
      .then((rows) => rows.filter((r) => r.sourceKey.startsWith('allocation:')));
  const xeroIdOf = async (pair: Pair, entity: 'invoice' | 'bill', x3Key: string) =>
    (await w.h.tx.run(pair.tenantId, (m) => m.findOneOrFail(SyncCrossReference, { where: { entity, x3Key } }))).xeroId!;
  const invoiceState = async (pair: Pair, entity: 'invoice' | 'bill', x3Key: string) => {
    const x = await xeroInvoice(w, pair, await xeroIdOf(pair, entity, x3Key));
    return { status: x.Status, due: cents(x.AmountDue) };
  };
  const noteState = async (pair: Pair, key: string) => {
    const x = await xeroCreditNote(w, pair, key);
    return { status: x.Status, remaining: cents(x.RemainingCredit), allocations: allocationsOf(x) };
  };

  it('allocates the full credit, or the invoice’s amount due when the credit is larger, after waiting for the invoices; once only, across re-drains, a resend and another tenant', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice', 'creditNote']);
    const [c0, c1] = await newCustomers(w, 2);
    // invoices of 115.00 and 23.00; memos of 46.00 (within the due) and 57.50 (more than the due)
    const [big, small] = await postedInvoices(w, [
      [c0, '100.00'],
      [c1, '20.00'],
    ]);
    const [full, capped] = await creditMemos(w, [
      [big, '40.00'],
      [small, '50.00'],
    ]);
    expect([big, small, full, capped].map((d) => cents(d.totalAmountIncludingTax))).toEqual([
      '115.00',
      '23.00',
      '46.00',
      '57.50',
    ]);
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', [full, capped]);

    // the credit notes land; their allocations wait for the invoices (pulled into the invoices flow)
    await drainUntilQuiet(w, pair, CREDIT_ONLY);
    expect((await allocationChanges(pair)).map((r) => [r.sourceKey, r.state, r.waitingOn])).toEqual([
      [`allocation:${full._id}`, 'waiting', `invoice:${big._id}`],
      [`allocation:${capped._id}`, 'waiting', `invoice:${small._id}`],
    ]);
    expect((await noteState(pair, full._id)).allocations).toEqual([]);
    const pulls = await w.h.tx.run(pair.tenantId, (m) => m.find(SyncPendingChange, { where: { flowKey: 'invoices' } }));
    expect(pulls.map((p) => p.sourceKey).sort()).toEqual([big._id, small._id].sort());

    // the invoices land: their waiters are released and allocated
    await drainUntilQuiet(w, pair, SALES_FLOWS);
    const [bigId, smallId] = [await xeroIdOf(pair, 'invoice', big._id), await xeroIdOf(pair, 'invoice', small._id)];
    expect(await noteState(pair, full._id)).toEqual({
      status: 'PAID',
      remaining: '0.00',
      allocations: [[bigId, '46.00']],
    });
    expect(await invoiceState(pair, 'invoice', big._id)).toEqual({ status: 'AUTHORISED', due: '69.00' });
    expect(await noteState(pair, capped._id)).toEqual({
      status: 'AUTHORISED',
      remaining: '34.50',
      allocations: [[smallId, '23.00']],
    });
    expect(await invoiceState(pair, 'invoice', small._id)).toEqual({ status: 'PAID', due: '0.00' });
    const rows = await allocationRows(w, pair);
    expect(rows.map((r) => [r.creditNoteKey, r.documentKey, r.state, r.amount])).toEqual([
      [full._id, `invoice:${big._id}`, 'done', '46.00'],
      [capped._id, `invoice:${small._id}`, 'done', '23.00'],
    ]);
    expect(rows.every((r) => !!r.xeroAllocationId)).toBe(true);

    // unchanged credit memos again: decided from the cross-references, no allocation change queued
    const before = (await allocationChanges(pair)).length;
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', [full, capped]);
    const again = await drainUntilQuiet(w, pair, ['credit-notes']);
    expect(again.reduce((n, r) => n + r.claimed, 0)).toBe(2);
    expect((await allocationChanges(pair)).length).toBe(before);
    expect((await noteState(pair, capped._id)).allocations).toEqual([[smallId, '23.00']]);

    // a resend after a lost answer: the row is open again as if the drain died before recording;
    // the credit note's allocations are read first and the one Xero holds is taken, none added
    const first = rows[0];
    await w.h.tx.run(pair.tenantId, (m) =>
      m.update(SyncCreditAllocation, { id: first.id }, { state: 'open', xeroAllocationId: null, amount: null }),
    );
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', [full]);
    await drainUntilQuiet(w, pair, SALES_FLOWS);
    const [resent] = await allocationRows(w, pair);
    expect([resent.state, resent.xeroAllocationId, resent.amount]).toEqual(['done', first.xeroAllocationId, '46.00']);
    expect((await noteState(pair, full._id)).allocations).toEqual([[bigId, '46.00']]);
    expect(await invoiceState(pair, 'invoice', big._id)).toEqual({ status: 'AUTHORISED', due: '69.00' });

    // another tenant carries the same X3 documents into its own organisation: its own rows, its
    // own allocations; neither sees the other's rows
    const other = await pairWithFlows(w, ['customer', 'product', 'invoice', 'creditNote']);
    await acceptRecords(w, other, 'credit-notes', 'creditNote', [full, capped]);
    await drainUntilQuiet(w, other, SALES_FLOWS);
    const theirs = await allocationRows(w, other);
    expect(theirs.map((r) => [r.creditNoteKey, r.state, r.amount])).toEqual([
      [full._id, 'done', '46.00'],
      [capped._id, 'done', '23.00'],
    ]);
    expect(theirs.map((r) => r.id).some((id) => rows.some((mine) => mine.id === id))).toBe(false);
    expect((await allocationRows(w, pair)).map((r) => r.tenantId)).toEqual([pair.tenantId, pair.tenantId]);
    expect((await noteState(other, full._id)).allocations).toEqual([
      [await xeroIdOf(other, 'invoice', big._id), '46.00'],
    ]);
    expect((await noteState(pair, full._id)).allocations).toEqual([[bigId, '46.00']]);
  });

  it('holds an allocation to an invoice already paid, and one in a locked period; nothing is allocated', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice', 'creditNote']);
    const [c0, c1] = await newCustomers(w, 2);
    const [paid, locked] = await postedInvoices(w, [
      [c0, '10.00'],
      [c1, '30.00'],
    ]);
    // the first memo (23.00) pays the 11.50 invoice; the second then finds it paid
    const [settles, late, inLock] = await creditMemos(w, [
      [paid, '20.00'],
      [paid, '5.00'],
      [locked, '10.00'],
    ]);
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', [settles]);
    await drainUntilQuiet(w, pair, SALES_FLOWS);
    expect(await invoiceState(pair, 'invoice', paid._id)).toEqual({ status: 'PAID', due: '0.00' });
    expect((await noteState(pair, settles._id)).allocations).toEqual([
      [await xeroIdOf(pair, 'invoice', paid._id), '11.50'],
    ]);

    await acceptRecords(w, pair, 'credit-notes', 'creditNote', [late]);
    await drainUntilQuiet(w, pair, SALES_FLOWS);
    const latest = async (key: string) =>
      (await allocationChanges(pair)).filter((r) => r.sourceKey === `allocation:${key}`).pop()!;
    const paidHeld = await latest(late._id);
    expect([paidHeld.state, paidHeld.outcome?.proposal]).toEqual([
      'held',
      'Refund the credit, or allocate it to another open document of the contact, in Xero',
    ]);
    expect(paidHeld.outcome?.messages?.join(' ')).toMatch(new RegExp(`invoice ${paid._id} is already paid`));
    expect(await noteState(pair, late._id)).toEqual({ status: 'AUTHORISED', remaining: '5.75', allocations: [] });

    // both documents in Xero, then the period up to both of their dates is locked
    await acceptRecords(w, pair, 'invoices', 'invoice', [locked]);
    await drainUntilQuiet(w, pair, ['invoices', 'customers', 'products']);
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', [inLock]);
    await w.drain.run({ tenantId: pair.tenantId, integrationId: pair.integrationId, flowKey: 'credit-notes' });
    expect((await latest(inLock._id)).state).toBe('pending');
    expect((await noteState(pair, inLock._id)).status).toBe('AUTHORISED');
    const lock = await control(w.sb.url, pair.org, 'POST', '/lock-dates', { periodLockDate: '2026-11-30' });
    expect(lock.status).toBeLessThan(300);
    await drainUntilQuiet(w, pair, ['credit-notes']);
    const lockHeld = await latest(inLock._id);
    expect(lockHeld.state).toBe('held');
    expect(lockHeld.outcome?.messages?.join(' ')).toMatch(/lock date/i);
    expect(await noteState(pair, inLock._id)).toEqual({ status: 'AUTHORISED', remaining: '11.50', allocations: [] });
    expect(await invoiceState(pair, 'invoice', locked._id)).toEqual({ status: 'AUTHORISED', due: '34.50' });
    expect((await allocationRows(w, pair)).map((r) => [r.creditNoteKey, r.state])).toEqual(
      [
        [settles._id, 'done'],
        [late._id, 'held'],
        [inLock._id, 'held'],
      ].sort((a, b) => a[0].localeCompare(b[0])),
    );

    // held stays held: the unchanged memos again queue no allocation (an accountant replays it)
    const before = (await allocationChanges(pair)).length;
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', [late, inLock]);
    await drainUntilQuiet(w, pair, ['credit-notes']);
    expect((await allocationChanges(pair)).length).toBe(before);
  });

  it('carries a supplier credit note as an ACCPAYCREDIT credit note, to the cent, and allocates it to its bill', async () => {
    const pair = await pairWithFlows(w, ['supplier', 'product', 'bill', 'creditNote']);
    const [supplier] = await newSuppliers(w, ['NZD']);
    const bill = await validatedBill(w, supplier, '200.00');
    const note = await supplierCreditNote(w, bill, [
      { product: 'DIS010', quantityInPurchaseUnitInvoiced: '3', netPrice: '12.3456', taxCode: 'NZS' },
      { product: 'NZFOOD01', quantityInPurchaseUnitInvoiced: '1', netPrice: '7.77', taxCode: 'NZZ' },
    ]);
    expect([note.invoiceType, note.originalInvoice, cents(bill.totalAmountIncludingTax)]).toEqual([
      'creditMemo',
      bill._id,
      '230.00',
    ]);
    // as a pull or a replay would have it: no source, the drain re-reads it (from PINVOICE) by key;
    // its bill is not in Xero yet, so the allocation waits for it and the bills flow carries it
    await w.h.tx.run(pair.tenantId, (m) =>
      new PendingChanges().accept(m, pair.tenantId, [
        {
          integrationId: pair.integrationId,
          flowKey: 'credit-notes',
          entity: 'creditNote',
          direction: 'x3-to-xero',
          sourceKey: note._id,
          lane: LANES.polling,
          source: null,
        },
      ]),
    );
    await drainUntilQuiet(w, pair, ['credit-notes', 'suppliers', 'products']);
    const waiting = (await allocationChanges(pair)).map((r) => [r.state, r.waitingOn]);
    expect(waiting).toEqual([['waiting', `bill:${bill._id}`]]);
    await drainUntilQuiet(w, pair, ['credit-notes', 'bills', 'suppliers', 'products']);

    const [contact] = await contactsNumbered(w, pair, [supplier]);
    const x = await xeroCreditNote(w, pair, note._id);
    expect({
      type: x.Type,
      status: x.Status,
      reference: x.Reference,
      contact: (x.Contact as Json).ContactID,
      taxTypes: (x.LineItems as Json[]).map((l) => l.TaxType),
      ...figuresInXero(note, x),
    }).toEqual({
      type: 'ACCPAYCREDIT',
      status: 'PAID',
      reference: `${supplier}-CN`,
      contact: contact.ContactID,
      taxTypes: ['INPUT2', 'NONE'],
      ...figuresOfX3(note, x),
    });
    const billId = await xeroIdOf(pair, 'bill', bill._id);
    const total = cents(note.totalAmountIncludingTax);
    expect(allocationsOf(x)).toEqual([[billId, total]]);
    const due = new Decimal('230.00').minus(total).toFixed(2);
    expect(await invoiceState(pair, 'bill', bill._id)).toEqual({ status: 'AUTHORISED', due });
    expect((await allocationRows(w, pair)).map((r) => [r.documentKey, r.state, r.amount])).toEqual([
      [`bill:${bill._id}`, 'done', total],
    ]);
  });
});
