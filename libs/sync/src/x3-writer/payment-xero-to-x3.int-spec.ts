// Xero Payments carried to X3 (the xero-payments flow), against the sandboxes over HTTP with real
// PostgreSQL and Redis: each payment made in Xero on a linked invoice or bill becomes one X3
// payment document through X3's API, found again by its REF (the Xero PaymentID) rather than made
// twice; our own x3→xero payments never come back, and nothing we write to X3 goes back to Xero.
import { X3Record } from '#lb/connectors/sage-x3';
import { toDec } from '#lb/mapping';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { CrossReferences } from '../cross-references/cross-references.service';
import { waitingKeyOf } from '../drain/entity-plans';
import {
  DrainWorld,
  drainUntilQuiet,
  Pair,
  startDrainWorld,
  stopDrainWorld,
  x3Records,
} from '../drain/testing/drain-world';
import { money, totalOf } from '../drain/testing/payment-world';
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import { LANES } from '../pending/lanes';
import { PendingChanges } from '../pending/pending-changes.service';
import { drainXeroToX3 } from './drain-xero-to-x3';
import { XERO_PAYMENTS, XeroPaymentWorld } from './payment-xero-world';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
const pending = new PendingChanges();
const INVOICE_FLOWS = ['customer', 'product', 'invoice', 'payment'] as const;
const open = (doc: X3Record) => toDec(String(doc.totalAmountIncludingTax)).minus(String(doc.paidAmount)).toFixed(2);
const codeOf = (ref: unknown) => (typeof ref === 'string' ? ref : String((ref as { _id?: string })._id));

describe('Xero payments → X3 payments (xero-payments flow)', () => {
  let w: DrainWorld;
  let p: XeroPaymentWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    p = new XeroPaymentWorld(w);
  });
  afterAll(() => stopDrainWorld(w));

  /** Invoices new in X3 and carried to Xero by the invoices flow; their Xero InvoiceIDs. */
  async function invoicesInXero(pair: Pair, count: number): Promise<Array<{ x3: X3Record; xeroId: string }>> {
    const invoices = await p.t.newInvoices(count);
    await p.t.inXero(pair, 'invoices', invoices);
    return Promise.all(
      invoices.map(async (x3) => ({ x3, xeroId: String((await p.t.xeroDocument(pair, x3._id)).InvoiceID) })),
    );
  }

  const state = async (pair: Pair, id: string) => {
    const r = await p.row(pair, id);
    return [r?.state, r?.outcome?.action];
  };

  /** The same Xero Payments read again (source null: the drain fetches them by id). */
  const acceptAgain = (pair: Pair, ids: string[]) => p.acceptById(pair, XERO_PAYMENTS, 'payment', ids, LANES.polling);

  /** A document's link taken away: in Xero, but not recorded yet (between Xero's answer and our record). */
  const unlink = (pair: Pair, entity: 'invoice' | 'bill', x3Key: string) =>
    w.h.tx.run(pair.tenantId, async (m) => {
      const ref = await m.findOneOrFail(SyncCrossReference, { where: { entity, x3Key } });
      await m.delete(SyncCrossReference, { id: ref.id });
      return ref;
    });

  /** The link recorded as the document's flow records it: cross-reference and release in one transaction. */
  const land = (pair: Pair, link: SyncCrossReference) =>
    w.h.tx.run(pair.tenantId, async (m) => {
      await new CrossReferences().record(m, pair.tenantId, {
        integrationId: pair.integrationId,
        entity: link.entity,
        x3Key: link.x3Key,
        xeroId: link.xeroId,
        contentHash: link.contentHash,
        kind: 'write',
        mappingVersion: link.mappingVersion,
      });
      return pending.release(m, pair.integrationId, [waitingKeyOf({ entity: link.entity, key: link.x3Key })]);
    });

  it('a full and a partial Xero payment become X3 receipts on their invoices (open item reduced to the cent); our own x3→xero payment is not carried back; a re-drain writes nothing to X3 and nothing goes back to Xero', async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const [a, b, c] = await invoicesInXero(pair, 3);
    // c is paid in X3 and carried to Xero by the x3→xero payments flow
    const receipt = await p.t.payment([{ document: c.x3, amount: totalOf(c.x3) }]);
    await p.t.accept(pair, 'payments', 'payment', [receipt]);
    await drainUntilQuiet(w, pair, ['payments']);
    const [echo] = await p.t.xeroPayments(pair, [receipt._id]);
    const echoId = String(echo.PaymentID).toLowerCase();

    const partial = toDec(totalOf(b.x3)).minus('0.37').toFixed(2);
    const full = await p.pay(pair, a.xeroId, totalOf(a.x3));
    const part = await p.pay(pair, b.xeroId, partial);
    // the organisation's own (seeded) payments come too; they wait on invoices X3 does not have
    expect((await p.poll(pair)).accepted).toBeGreaterThanOrEqual(3);
    await p.drainQuiet(pair);

    // our own payment coming back is left out at intake (echo-filter.ts): no change at all
    expect([await state(pair, full), await state(pair, part), await state(pair, echoId)]).toEqual([
      ['done', 'created'],
      ['done', 'created'],
      [undefined, undefined],
    ]);
    const [fromFull] = await p.x3PaymentsOf(full);
    expect(fromFull).toMatchObject({
      businessPartnerType: 'customer',
      sense: 'revenue',
      reference: full,
      bankAccount: expect.any(String),
      paymentMethod: 'TRF',
    });
    expect(codeOf(fromFull.businessPartner)).toBe(codeOf(a.x3.billToCustomer));
    expect(money(fromFull.amount)).toBe(money(totalOf(a.x3)));
    expect((fromFull.lines as Json[]).map((l) => [l.document, money(l.amount)])).toEqual([
      [a.x3._id, money(totalOf(a.x3))],
    ]);
    expect(open(await p.x3Document('salesInvoice', a.x3._id))).toBe('0.00');
    expect(open(await p.x3Document('salesInvoice', b.x3._id))).toBe('0.37');
    const [fromPart] = await p.x3PaymentsOf(part);
    expect(money(fromPart.amount)).toBe(partial);
    // c: X3 holds only the receipt the Xero payment came from
    expect(await p.x3PaymentsOf(echoId)).toEqual([]);
    expect(open(await p.x3Document('salesInvoice', c.x3._id))).toBe('0.00');
    expect((await p.paymentRef(pair, full))?.x3Key).toBe(fromFull._id);

    // read again (a later poll, a replay): found unchanged, no X3 write
    const x3Count = (await x3Records(w, 'payment')).length;
    await acceptAgain(pair, [full, part, echoId]);
    await p.drainQuiet(pair);
    expect([await state(pair, full), await state(pair, part), await state(pair, echoId)]).toEqual([
      ['done', 'unchanged'],
      ['done', 'unchanged'],
      ['done', 'unchanged'],
    ]);
    expect((await x3Records(w, 'payment')).length).toBe(x3Count);

    // the X3 receipts we made, seen by the x3→xero payments flow: unchanged, nothing paid twice in Xero
    await p.t.accept(pair, 'payments', 'payment', [fromFull, fromPart]);
    await drainUntilQuiet(w, pair, ['payments']);
    const carriedBack = (await p.t.rows(pair, 'payments')).filter((r) =>
      [fromFull._id, fromPart._id].includes(r.sourceKey),
    );
    expect(carriedBack.map((r) => [r.state, r.outcome?.action])).toEqual([
      ['done', 'unchanged'],
      ['done', 'unchanged'],
    ]);
    expect(await p.t.xeroPayments(pair, [fromFull._id, fromPart._id])).toEqual([]);
  });

  it('a payment of a bill becomes an X3 supplier payment (pay-out) on the purchase invoice', async () => {
    const pair = await p.pair(['supplier', 'product', 'bill']);
    const bill = await p.t.newBill();
    await p.t.inXero(pair, 'bills', [bill]);
    const inXero = await p.t.xeroDocument(pair, bill._id);
    const id = await p.pay(pair, String(inXero.InvoiceID), totalOf(bill));
    await p.poll(pair);
    await p.drainQuiet(pair);

    expect(await state(pair, id)).toEqual(['done', 'created']);
    const [paid] = await p.x3PaymentsOf(id);
    expect(paid).toMatchObject({ businessPartnerType: 'supplier', sense: 'expense' });
    expect(codeOf(paid.businessPartner)).toBe(codeOf(bill.billBySupplier));
    expect((paid.lines as Json[]).map((l) => l.document)).toEqual([bill._id]);
    expect(open(await p.x3Document('purchaseInvoice', bill._id))).toBe('0.00');
  });

  it('a foreign-currency payment goes to X3 at the rate Xero applied to it', async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const made = await x3Control(w.sb.url, w.folder, 'POST', '/bulk/sales-invoices', { site: 'NZ011', customers: 1 });
    const inv = await x3Control(w.sb.url, w.folder, 'POST', '/sales-invoices', {
      salesSite: 'NZ011',
      billToCustomer: (made.body.customers as string[])[0],
      currency: 'USD',
      lines: [{ product: 'NZFOOD01', quantityInSalesUnitInvoiced: '3' }],
      post: true,
    });
    expect(inv.status).toBeLessThan(300);
    const invoice = await p.x3Document('salesInvoice', (inv.body as { salesInvoice: string }).salesInvoice);
    await p.t.inXero(pair, 'invoices', [invoice]);
    const inXero = await p.t.xeroDocument(pair, invoice._id);
    // Xero: 0.625 USD per NZD; X3 keeps NZD per USD: 1.6
    const id = await p.pay(pair, String(inXero.InvoiceID), totalOf(invoice), { CurrencyRate: 0.625 });
    await p.poll(pair);
    await p.drainQuiet(pair);

    expect(await state(pair, id)).toEqual(['done', 'created']);
    const [paid] = await p.x3PaymentsOf(id);
    expect(codeOf(paid.currency)).toBe('USD');
    expect(toDec(String(paid.exchangeRate)).toFixed()).toBe('1.6');
    expect(money(paid.amount)).toBe(money(totalOf(invoice)));
    expect(money(paid.amountInLedgerCurrency)).toBe(toDec(totalOf(invoice)).times('1.6').toFixed(2));
    expect(open(await p.x3Document('salesInvoice', invoice._id))).toBe('0.00');
  });

  it('a payment whose invoice is not linked yet waits on invoice:<X3 key>, and is carried once the link lands', async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const [a] = await invoicesInXero(pair, 1);
    // the invoice is in Xero, its link not recorded yet (as between Xero's answer and our record)
    const link = await unlink(pair, 'invoice', a.x3._id);
    const id = await p.pay(pair, a.xeroId, totalOf(a.x3));
    await p.poll(pair);
    await p.drainQuiet(pair);
    const waiting = await p.row(pair, id);
    expect([waiting?.state, waiting?.waitingOn]).toEqual(['waiting', `invoice:${a.x3._id}`]);
    expect(await p.x3PaymentsOf(id)).toEqual([]);

    // the link lands as the invoices flow records it: cross-reference and release in one transaction
    const released = await land(pair, link);
    expect(released).toEqual([XERO_PAYMENTS]);
    await p.drainQuiet(pair);
    expect(await state(pair, id)).toEqual(['done', 'created']);
    expect(await p.x3PaymentsOf(id)).toHaveLength(1);
  });

  it("a payment of a bill not linked yet waits on bill:<X3 key> (the bill's Reference), and is carried once the link lands", async () => {
    const pair = await p.pair(['supplier', 'product', 'bill']);
    const bill = await p.t.newBill();
    await p.t.inXero(pair, 'bills', [bill]);
    const inXero = await p.t.xeroDocument(pair, bill._id);
    const link = await unlink(pair, 'bill', bill._id);
    const id = await p.pay(pair, String(inXero.InvoiceID), '5.00');
    await p.poll(pair);
    await p.drainQuiet(pair);
    const waiting = await p.row(pair, id);
    expect([waiting?.state, waiting?.waitingOn]).toEqual(['waiting', `bill:${bill._id}`]);

    expect(await land(pair, link)).toEqual([XERO_PAYMENTS]);
    await p.drainQuiet(pair);
    expect(await state(pair, id)).toEqual(['done', 'created']);
    expect(open(await p.x3Document('purchaseInvoice', bill._id))).toBe(toDec(totalOf(bill)).minus(5).toFixed(2));
  });

  it('a create whose answer is lost is retried; the retry finds the X3 payment by its REF and makes no second one', async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const [a] = await invoicesInXero(pair, 1);
    const id = await p.pay(pair, a.xeroId, '10.00');
    await p.poll(pair);
    const report = await p.withCreateAnswersLost(() => p.drain.run({ tenantId: pair.tenantId, ...p.scope(pair) }));
    expect(report).toMatchObject({ written: 0 });
    const retrying = await p.row(pair, id);
    expect([retrying?.state, retrying?.lastError]).toEqual(['pending', expect.stringMatching(/answer was lost/)]);
    expect(await p.x3PaymentsOf(id)).toHaveLength(1);

    // the backoff has run out
    await w.h.tx.run(pair.tenantId, (m) =>
      m.query(`UPDATE sync_pending_changes SET available_at = now() WHERE id = $1`, [retrying!.id]),
    );
    await p.drainQuiet(pair);
    expect(await state(pair, id)).toEqual(['done', 'matched']);
    const [only] = await p.x3PaymentsOf(id);
    expect((await p.paymentRef(pair, id))?.x3Key).toBe(only._id);
    expect(await p.x3PaymentsOf(id)).toHaveLength(1);
    expect(open(await p.x3Document('salesInvoice', a.x3._id))).toBe(toDec(totalOf(a.x3)).minus(10).toFixed(2));
  });

  it('a Xero payment deleted after it reached X3 is held with the reversal to make; one deleted before is skipped; X3 is not written', async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const [a, b] = await invoicesInXero(pair, 2);
    const carried = await p.pay(pair, a.xeroId, totalOf(a.x3));
    await p.poll(pair);
    await p.drainQuiet(pair);
    const [x3Payment] = await p.x3PaymentsOf(carried);
    const early = await p.pay(pair, b.xeroId, '5.00');
    await p.deleteInXero(pair, carried);
    await p.deleteInXero(pair, early);
    await p.poll(pair);
    await p.drainQuiet(pair);

    const held = await p.row(pair, carried);
    expect(held?.state).toBe('held');
    expect(held?.outcome?.proposal).toMatch(new RegExp(`Reverse X3 payment ${x3Payment._id}`));
    expect(held?.outcome?.messages?.join(' ')).toMatch(/deleted in Xero/);
    expect(await state(pair, early)).toEqual(['done', 'skipped']);
    expect(await p.x3PaymentsOf(carried)).toHaveLength(1);
    expect(await p.x3PaymentsOf(early)).toEqual([]);
    expect(open(await p.x3Document('salesInvoice', a.x3._id))).toBe('0.00');
  });

  it("X3's refusal (the payment exceeds the open item) is a dead letter carrying X3's message", async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const [a] = await invoicesInXero(pair, 1);
    // X3 already took 10.00 on it (not yet in Xero): Xero's full payment is above X3's open amount
    await p.t.payment([{ document: a.x3, amount: '10.00' }]);
    const id = await p.pay(pair, a.xeroId, totalOf(a.x3));
    await p.poll(pair);
    await p.drainQuiet(pair);

    const dead = await p.row(pair, id);
    expect(dead?.state).toBe('dead');
    expect(dead?.outcome?.messages?.join(' ')).toMatch(/exceeds the open balance/);
    expect(await p.x3PaymentsOf(id)).toEqual([]);
  });

  it("another tenant can neither drain a tenant's Xero payments nor see what was recorded of them", async () => {
    const pair = await p.pair([...INVOICE_FLOWS]);
    const [a] = await invoicesInXero(pair, 1);
    const id = await p.pay(pair, a.xeroId, '1.00');
    await p.poll(pair);
    const other = await p.pair(['customer']);

    expect(await drainXeroToX3(p.deps(), other.tenantId, p.scope(pair))).toMatchObject({
      claimed: 0,
      idle: 'no-integration',
    });
    expect((await p.rows(pair)).map((r) => [r.state, r.claimId])).toContainEqual(['pending', null]);
    expect((await p.rows(pair)).filter((r) => r.claimId !== null)).toEqual([]);
    expect(await p.rows(other)).toEqual([]);
    await p.drainQuiet(pair);
    expect(await state(pair, id)).toEqual(['done', 'created']);
    expect(await p.paymentRef(other, id)).toBeNull();
    expect(await p.paymentRef(pair, id)).not.toBeNull();
  });
});
