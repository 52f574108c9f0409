// Xero supplier credit notes carried to X3 (the xero-credit-notes flow), against the sandboxes over
// HTTP with real PostgreSQL and Redis: an approved ACCPAYCREDIT of a linked supplier becomes one
// validated X3 supplier credit memo through X3's API (lines, tax and totals to the cent, currency
// and rate, the credited bill's X3 invoice as PIHINVNUM), found again by supplier + document number
// rather than entered twice; our own credit notes never come back, an edit after X3 took the note
// goes to an accountant, X3's refusal is a dead letter with its message, and nothing we write to
// X3 goes back to Xero.
import { randomUUID } from 'node:crypto';
import { starterTemplate } from '#lb/mapping';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { drainUntilQuiet, DrainWorld, Pair, startDrainWorld, stopDrainWorld } from '../drain/testing/drain-world';
import { supplierCreditNote, xeroCreditNote } from '../drain/testing/credit-documents';
import { money } from '../drain/testing/payment-world';
import { pollXeroFlow } from '../xero-intake/xero-poller';
import { drainXeroToX3 } from './drain-xero-to-x3';
import { XERO_BILLS, XeroBillWorld } from './bill-xero-world';
import { XERO_CREDIT_NOTES, XERO_CREDIT_NOTES_FLOW, XeroCreditNoteWorld } from './credit-note-xero-world';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
const codeOf = (ref: unknown) => (typeof ref === 'string' ? ref : String((ref as { _id?: string })._id));
const number = () => `SCN-${randomUUID().slice(0, 8)}`;

describe('Xero supplier credit notes → X3 supplier credit memos (xero-credit-notes flow)', () => {
  let w: DrainWorld;
  let c: XeroCreditNoteWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    c = new XeroCreditNoteWorld(new XeroBillWorld(w));
  });
  afterAll(() => stopDrainWorld(w));

  const makeDue = (pair: Pair, id: string) =>
    w.h.tx.run(pair.tenantId, (m) =>
      m.query(`UPDATE sync_pending_changes SET available_at = now() WHERE id = $1`, [id]),
    );
  /** A fresh pair, a linked supplier (with its X3 bill in Xero), and a credit note of it entered in Xero. */
  const linkedNote = async (extra: Json = {}) => {
    const pair = await c.pair();
    const s = await c.b.linkedSupplier(pair);
    const noteNumber = number();
    const id = await c.enterCreditNote(pair, { ContactID: s.contactId }, { CreditNoteNumber: noteNumber, ...extra });
    return { pair, s, noteNumber, id };
  };

  it("an approved credit note allocated to a linked bill becomes one validated X3 credit memo naming that bill's invoice (PIHINVNUM), lines, tax and totals to the cent; read again it writes nothing; the memo does not go back to Xero", async () => {
    const { pair, s, noteNumber, id } = await linkedNote({ Date: '2026-11-28' });
    await c.allocate(pair, id, s.ownBillXeroId, 13.5);
    const inXero = await c.xeroCreditNote(pair, id);
    await c.accept(pair, [id]);
    await c.drainQuiet(pair);

    expect(await c.state(pair, id)).toEqual(['done', 'created']);
    const ours = await c.memosNumbered(s.code, noteNumber);
    expect(ours).toHaveLength(1);
    const [memo] = ours;
    expect(memo).toMatchObject({ status: 'validated', invoiceType: 'creditMemo', priceBasis: 'excludingTax' });
    expect([codeOf(memo.billBySupplier), codeOf(memo.originalInvoice), codeOf(memo.currency)]).toEqual([
      s.code,
      s.ownBill._id,
      'NZD',
    ]);
    expect([memo.accountingDate, memo.supplierDocumentDate]).toEqual(['2026-11-28', '2026-11-28']);
    // 2 × 5.00 at 15 % and 2.00 without tax: Xero's totals, to the cent
    expect([
      money(memo.totalAmountExcludingTax),
      money(memo.totalTaxAmount),
      money(memo.totalAmountIncludingTax),
    ]).toEqual([money(inXero.SubTotal), money(inXero.TotalTax), money(inXero.Total)]);
    expect(money(inXero.Total)).toBe('13.50');
    expect(
      (memo.lines as Json[]).map((l) => [codeOf(l.product), codeOf(l.taxCode), money(l.lineAmountExcludingTax)]),
    ).toEqual([
      ['DIS001', 'NZS', '10.00'],
      ['DIS001', 'NZZ', '2.00'],
    ]);
    expect((await c.b.ref(pair, 'creditNote', { xeroId: id }))?.x3Key).toBe(memo._id);

    // read again (a later webhook, a poll): unchanged, no X3 write
    await c.accept(pair, [id]);
    await c.drainQuiet(pair);
    expect(await c.state(pair, id)).toEqual(['done', 'unchanged']);
    expect(await c.x3CreditMemosOf(s.code)).toHaveLength(1);

    // the X3 memo we made, seen by the x3→xero credit-notes flow: unchanged, no second credit note in Xero
    await c.p.t.accept(pair, 'credit-notes', 'creditNote', [memo]);
    await drainUntilQuiet(w, pair, ['credit-notes', 'bills', 'suppliers', 'products']);
    const back = (await c.p.t.rows(pair, 'credit-notes')).find((r) => r.sourceKey === memo._id);
    expect([back?.state, back?.outcome?.action]).toEqual(['done', 'unchanged']);
    await expect(xeroCreditNote(w, pair, memo._id)).rejects.toThrow(/0 Xero credit notes/);
    expect((await c.xeroCreditNote(pair, id)).Allocations as Json[]).toHaveLength(1);
  });

  it("allocated to a bill still on its way to X3, the credit note waits on bill:<InvoiceID> and names the bill's invoice once it lands; a bill that settles without reaching X3 lets it go naming none", async () => {
    const pair = await c.pair();
    const s = await c.b.linkedSupplier(pair);
    const billId = await c.b.enterBill(
      pair,
      { ContactID: s.contactId },
      { InvoiceNumber: `SUP-${randomUUID().slice(0, 8)}` },
    );
    // no supplier's number: the bills flow holds it for a person, never in X3
    const heldBillId = await c.b.enterBill(pair, { ContactID: s.contactId });
    const [noteNumber, otherNumber] = [number(), number()];
    const id = await c.enterCreditNote(pair, { ContactID: s.contactId }, { CreditNoteNumber: noteNumber });
    const other = await c.enterCreditNote(pair, { ContactID: s.contactId }, { CreditNoteNumber: otherNumber });
    await c.allocate(pair, id, billId, 13.5);
    await c.allocate(pair, other, heldBillId, 13.5);
    await c.b.accept(pair, [billId, heldBillId]);
    await c.accept(pair, [id, other]);

    await drainXeroToX3(c.p.deps(), pair.tenantId, c.scope(pair));
    expect([(await c.row(pair, id))?.state, (await c.row(pair, id))?.waitingOn]).toEqual(['waiting', `bill:${billId}`]);
    expect((await c.row(pair, other))?.waitingOn).toBe(`bill:${heldBillId}`);

    await c.drainQuiet(pair, [XERO_CREDIT_NOTES, XERO_BILLS]);
    expect([await c.b.state(pair, billId), await c.b.state(pair, heldBillId)]).toEqual([
      ['done', 'created'],
      ['held', undefined],
    ]);
    const x3Bill = (await c.b.ref(pair, 'bill', { xeroId: billId }))!.x3Key;
    expect([await c.state(pair, id), await c.state(pair, other)]).toEqual([
      ['done', 'created'],
      ['done', 'created'],
    ]);
    const [memo] = await c.memosNumbered(s.code, noteNumber);
    expect(codeOf(memo.originalInvoice)).toBe(x3Bill);
    const [unnamed] = await c.memosNumbered(s.code, otherNumber);
    expect(unnamed.originalInvoice ?? '').toBe('');
    expect((await c.row(pair, other))?.outcome?.messages?.join(' ')).toMatch(/not linked to an X3 supplier invoice/);
  });

  it('our own credit note (written from X3) is an echo: the poll leaves it out or finds it unchanged, X3 is not written; its link lost, it is matched to its memo; an ACCRECCREDIT is not this flow', async () => {
    const pair = await c.pair();
    const s = await c.b.linkedSupplier(pair);
    const lines = [{ product: 'DIS001', quantityInPurchaseUnitInvoiced: '1', netPrice: '8', taxCode: 'NZS' }];
    const ours = await supplierCreditNote(w, s.ownBill, lines);
    await c.p.t.accept(pair, 'credit-notes', 'creditNote', [ours]);
    await drainUntilQuiet(w, pair, ['credit-notes', 'bills', 'suppliers', 'products']);
    const inXero = await xeroCreditNote(w, pair, ours._id);
    const xeroId = String(inXero.CreditNoteID).toLowerCase();
    const memosBefore = (await c.x3CreditMemosOf(s.code)).length;

    // a webhook's change of it: linked, compared, unchanged
    await c.accept(pair, [xeroId]);
    await c.drainQuiet(pair);
    expect(await c.state(pair, xeroId)).toEqual(['done', 'unchanged']);

    // and the flow's If-Modified-Since poll of ACCPAYCREDIT: none of its changes dead, nothing written
    const polled = await pollXeroFlow({ ...c.p.deps(), reads: w.xero.reads }, pair.tenantId, c.scope(pair));
    expect(polled.pages).toBeGreaterThanOrEqual(1);
    await c.drainQuiet(pair);
    const rows = await c.p.t.rows(pair, XERO_CREDIT_NOTES);
    expect(rows.filter((r) => r.state !== 'done')).toEqual([]);
    expect(rows.every((r) => ['unchanged', 'skipped'].includes(String(r.outcome?.action)))).toBe(true);
    expect(await c.x3CreditMemosOf(s.code)).toHaveLength(memosBefore);

    // its link lost (as a re-pairing archives links): found in X3 by its number, the memo's own NUM, and linked again
    await w.h.tx.run(pair.tenantId, (m) =>
      m.query(`DELETE FROM sync_cross_references WHERE entity = 'creditNote' AND x3_key = $1`, [ours._id]),
    );
    await c.accept(pair, [xeroId]);
    await c.drainQuiet(pair);
    expect(await c.state(pair, xeroId)).toEqual(['done', 'matched']);
    expect((await c.b.ref(pair, 'creditNote', { xeroId }))?.x3Key).toBe(ours._id);
    expect(await c.x3CreditMemosOf(s.code)).toHaveLength(memosBefore);

    // a sales credit note (ACCRECCREDIT) announced by the same CREDITNOTE webhook is not this flow's
    const sales = await c.enterCreditNote(
      pair,
      { ContactID: s.contactId },
      { Type: 'ACCRECCREDIT', CreditNoteNumber: number() },
    );
    await c.accept(pair, [sales]);
    await c.drainQuiet(pair);
    expect(await c.state(pair, sales)).toEqual(['done', 'skipped']);
    expect((await c.row(pair, sales))?.outcome?.messages).toEqual([
      'Not a supplier credit note (ACCPAYCREDIT) in Xero',
    ]);
    expect(await c.x3CreditMemosOf(s.code)).toHaveLength(memosBefore);
  });

  it('a foreign-currency credit note goes to X3 in its currency at the rate Xero applied', async () => {
    const { pair, s, noteNumber, id } = await linkedNote({ CurrencyCode: 'USD', CurrencyRate: 0.625 });
    const inXero = await c.xeroCreditNote(pair, id);
    await c.accept(pair, [id]);
    await c.drainQuiet(pair);

    expect(await c.state(pair, id)).toEqual(['done', 'created']);
    const [memo] = await c.memosNumbered(s.code, noteNumber);
    expect(codeOf(memo.currency)).toBe('USD');
    expect(String(memo.exchangeRate)).toMatch(/^1\.60*$/);
    expect(money(memo.totalAmountIncludingTax)).toBe(money(inXero.Total));
    expect(memo.originalInvoice ?? '').toBe('');
  });

  it('a credit note whose contact is not an X3 supplier yet waits on supplier:<code>, pulls the contact and goes once it is there; a draft stays out until approved', async () => {
    const pair = await c.pair();
    await c.p.saveXeroToX3Flow(pair, 'xero-suppliers', 'supplier', {
      ...XERO_CREDIT_NOTES_FLOW,
      entity: 'supplier',
      steps: [
        { kind: 'transform', mapping: { direction: 'xero-to-x3', version: 'active' } },
        { kind: 'action', action: 'upsert' },
      ],
    });
    const contactNumber = `cs-${randomUUID().slice(0, 6)}`;
    const made = await c.p.t.xeroWrite(pair, 'PUT', 'Contacts', {
      Contacts: [{ Name: `Credit supplier ${contactNumber}`, ContactNumber: contactNumber, DefaultCurrency: 'NZD' }],
    });
    expect(made.status).toBe(200);
    const contactId = String(((made.body as Json).Contacts as Json[])[0].ContactID).toLowerCase();
    const id = await c.enterCreditNote(pair, { ContactID: contactId }, { CreditNoteNumber: number() });
    const draft = await c.enterCreditNote(
      pair,
      { ContactID: contactId },
      { CreditNoteNumber: number(), Status: 'DRAFT' },
    );
    await c.accept(pair, [id, draft]);

    await drainXeroToX3(c.p.deps(), pair.tenantId, c.scope(pair));
    const waiting = await c.row(pair, id);
    const code = contactNumber.toUpperCase().replace('-', '_');
    expect([waiting?.state, waiting?.waitingOn]).toEqual(['waiting', `supplier:${code}`]);
    expect((await c.row(pair, draft))?.outcome?.messages?.join(' ')).toMatch(
      /draft: it is carried to X3 once approved/,
    );

    await c.drainQuiet(pair, [XERO_CREDIT_NOTES, 'xero-suppliers']);
    expect(await c.state(pair, id)).toEqual(['done', 'created']);
    expect(await c.state(pair, draft)).toEqual(['done', 'skipped']);
    expect(await c.x3CreditMemosOf(code)).toHaveLength(1);

    await c.editCreditNote(pair, draft, { Status: 'AUTHORISED' });
    await c.accept(pair, [draft]);
    await c.drainQuiet(pair);
    expect(await c.state(pair, draft)).toEqual(['done', 'created']);
    expect(await c.x3CreditMemosOf(code)).toHaveLength(2);
  });

  it('an edit in Xero after X3 took the credit note is held with a proposal, a voided one too; X3 is not written', async () => {
    const { pair, s, noteNumber, id } = await linkedNote();
    await c.accept(pair, [id]);
    await c.drainQuiet(pair);
    const [memo] = await c.memosNumbered(s.code, noteNumber);

    await c.editCreditNote(pair, id, {
      LineItems: [{ Description: 'Returned paper', Quantity: 3, UnitAmount: 5, AccountCode: '429', TaxType: 'INPUT2' }],
    });
    await c.accept(pair, [id]);
    await c.drainQuiet(pair);
    const edited = await c.row(pair, id);
    expect(edited?.state).toBe('held');
    expect(edited?.outcome?.messages?.join(' ')).toMatch(
      /changed in Xero after X3 took it: .*total 17\.25 in Xero, 13\.5 in X3/,
    );
    expect(edited?.outcome?.proposal).toMatch(new RegExp(`reverse ${memo._id} with a supplier invoice`));

    await c.editCreditNote(pair, id, { Status: 'VOIDED' });
    await c.accept(pair, [id]);
    await c.drainQuiet(pair);
    const voided = await c.row(pair, id);
    expect([voided?.state, voided?.outcome?.targetId]).toEqual(['held', memo._id]);
    expect(voided?.outcome?.messages?.join(' ')).toMatch(/voided in Xero/);
    const still = await c.memosNumbered(s.code, noteNumber);
    expect(still.map((r) => [r.status, money(r.totalAmountIncludingTax)])).toEqual([['validated', '13.50']]);
  });

  it('X3 took the create but its answer was lost: the resend finds the memo by supplier and number and links it, never a second', async () => {
    const { pair, s, noteNumber, id } = await linkedNote();
    await c.accept(pair, [id]);
    const report = await c.p.withCreateAnswersLost(() => drainXeroToX3(c.p.deps(), pair.tenantId, c.scope(pair)));
    expect(report).toMatchObject({ written: 0, deferred: 1 });
    const retrying = await c.row(pair, id);
    expect([retrying?.state, retrying?.lastError]).toEqual(['pending', expect.stringMatching(/answer was lost/)]);
    expect(await c.b.ref(pair, 'creditNote', { xeroId: id })).toBeNull();

    await makeDue(pair, retrying!.id);
    await c.drainQuiet(pair);
    expect(await c.state(pair, id)).toEqual(['done', 'matched']);
    const ours = await c.memosNumbered(s.code, noteNumber);
    expect(ours.map((r) => r.status)).toEqual(['validated']);
    expect((await c.b.ref(pair, 'creditNote', { xeroId: id }))?.x3Key).toBe(ours[0]._id);
  });

  it('X3 down: the credit note is retried and lands once X3 answers; nothing is lost or written twice', async () => {
    const { pair, s, noteNumber, id } = await linkedNote();
    await c.accept(pair, [id]);
    const fault = await x3Control(w.sb.url, w.folder, 'POST', '/faults', { mode: 'http-503', count: 1 });
    expect(fault.status).toBeLessThan(300);
    try {
      expect(await drainXeroToX3(c.p.deps(), pair.tenantId, c.scope(pair))).toMatchObject({ written: 0, deferred: 1 });
    } finally {
      await x3Control(w.sb.url, w.folder, 'DELETE', '/faults');
    }
    const retrying = await c.row(pair, id);
    expect([retrying?.state, retrying?.attempts]).toEqual(['pending', 1]);

    await makeDue(pair, retrying!.id);
    await c.drainQuiet(pair);
    expect(await c.state(pair, id)).toEqual(['done', 'created']);
    expect(await c.memosNumbered(s.code, noteNumber)).toHaveLength(1);
  });

  it("X3's refusal is a dead letter with X3's message (a tenant's mapping naming a site X3 does not have)", async () => {
    const { pair, s, noteNumber, id } = await linkedNote();
    const doc = starterTemplate('NZ', 'creditNote', 'xero-to-x3');
    doc.fields = doc.fields.map((f) =>
      f.target === 'site' ? { ...f, source: { kind: 'constant', value: 'NZ099' } } : f,
    );
    await c.p.versions.save(
      pair.tenantId,
      { integrationId: pair.integrationId, entity: 'creditNote', direction: 'xero-to-x3' },
      { document: doc },
      { actor: { kind: 'system', id: null }, origin: {} },
    );
    await c.accept(pair, [id]);
    await c.drainQuiet(pair);
    const dead = await c.row(pair, id);
    expect(dead?.state).toBe('dead');
    expect(`${dead?.lastError} ${dead?.outcome?.messages?.join(' ')}`).toMatch(
      /Site \(FCY\) NZ099: record does not exist/,
    );
    expect(await c.memosNumbered(s.code, noteNumber)).toHaveLength(0);
  });

  it("another tenant can neither drain a tenant's Xero credit notes nor see what was recorded of them", async () => {
    const { pair, id } = await linkedNote();
    await c.accept(pair, [id]);
    const other = await c.pair(['supplier']);

    expect(await drainXeroToX3(c.p.deps(), other.tenantId, c.scope(pair))).toMatchObject({
      claimed: 0,
      idle: 'no-integration',
    });
    expect((await c.row(pair, id))?.state).toBe('pending');
    expect(await c.row(other, id)).toBeNull();
    await c.drainQuiet(pair);
    expect(await c.state(pair, id)).toEqual(['done', 'created']);
    expect(await c.b.ref(other, 'creditNote', { xeroId: id })).toBeNull();
    expect(await c.b.ref(pair, 'creditNote', { xeroId: id })).not.toBeNull();
  });
});
