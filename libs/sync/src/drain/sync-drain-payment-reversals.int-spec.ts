// X3 payments returned unpaid (bounced) after part or all of them reached Xero, against the
// sandboxes over HTTP (payment-reversals.ts): only what landed is deleted, each Xero Payment
// once, a reversal cut short is finished by the next drain, and what Xero refuses to delete is
// held for an accountant while the deletions that went through stay recorded.
import { X3Record } from '#lb/connectors/sage-x3';
import { toDec } from '#lb/mapping';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { PendingChanges } from '../pending/pending-changes.service';
import {
  callsOf,
  control,
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
  xeroList,
} from './testing/drain-world';
import { money, PaymentWorld, totalOf } from './testing/payment-world';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
const ENTITIES = ['customer', 'product', 'invoice', 'payment'] as const;
const pending = new PendingChanges();

describe('the drain reverses X3 payments returned unpaid, part landed or cut short', () => {
  let w: DrainWorld;
  let t: PaymentWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    t = new PaymentWorld(w);
  });
  afterAll(() => stopDrainWorld(w));

  const rows = (pair: Pair) => t.rows(pair, 'payments');
  /** Our connector's record of POST Payments/{id} {Status: DELETED} calls for the pair (answered or not). */
  const deleteCalls = async (pair: Pair) =>
    (await w.xero.meter.day(pair.connectionId, new Date().toISOString().slice(0, 10)))['op:delete:payments'] ?? 0;
  /** One Xero Payment as Xero holds it now, deleted or not. */
  const xeroPayment = async (pair: Pair, id: string) => (await xeroList(w, pair, `Payments/${id}`, 'Payments'))[0];
  const statuses = async (pair: Pair, ids: string[]) =>
    Promise.all(ids.map(async (id) => (await xeroPayment(pair, id)).Status));
  const expectDueInFull = async (pair: Pair, invoices: X3Record[]) => {
    for (const inv of invoices) {
      const now = await t.xeroDocument(pair, inv._id);
      expect([now.Status, money(now.AmountDue), money(now.AmountPaid)]).toEqual([
        'AUTHORISED',
        money(totalOf(inv)),
        '0.00',
      ]);
    }
  };
  /** The bank returned it: X3 holds the payment unpaid (PAYMENTH STA), read back as a poll reads it. */
  const bounceInX3 = async (payment: X3Record): Promise<X3Record> => {
    const r = await x3Control(w.sb.url, w.folder, 'POST', '/late-commits', {
      entity: 'payment',
      id: payment._id,
      changes: { status: 'unpaid' },
      secondsBehind: 1,
    });
    if (r.status >= 300) throw new Error(`bounce: ${r.status} ${JSON.stringify(r.body)}`);
    const bounced = await t.x3Payment(payment._id);
    expect(bounced.status).toBe('unpaid');
    return bounced;
  };
  /** A receipt over two new invoices carried to Xero whole: its two Xero Payments, in landing order. */
  const landedReceipt = async (pair: Pair) => {
    const invoices = await t.newInvoices(2);
    await t.inXero(pair, 'invoices', invoices);
    // part payments of different amounts, so a Payment deleted twice or not at all shows in AmountDue
    const payment = await t.payment([
      { document: invoices[0], amount: '2.00' },
      { document: invoices[1], amount: '3.50' },
    ]);
    await t.accept(pair, 'payments', 'payment', [payment]);
    await drainUntilQuiet(w, pair, ['payments']);
    const ids = (await t.parts(pair)).map((p) => p.xeroPaymentId);
    expect(await statuses(pair, ids)).toEqual(['AUTHORISED', 'AUTHORISED']);
    return { invoices, payment, ids };
  };
  /** The open change (pending or claimed) of the payments flow: the one a drain works on. */
  const openChange = async (pair: Pair) => {
    const open = (await rows(pair)).filter((r) => ['pending', 'claimed'].includes(r.state));
    expect(open).toHaveLength(1);
    return open[0];
  };
  /** Drains until the change is settled: a deferred claim is taken again once its lease (1–2 s) runs out. */
  const drainUntilSettled = async (pair: Pair, id: string): Promise<SyncPendingChange> => {
    for (let round = 0; round < 200; round++) {
      await drainUntilQuiet(w, pair, ['payments']);
      const row = (await rows(pair)).find((r) => r.id === id)!;
      if (['done', 'held', 'dead'].includes(row.state)) return row;
      await new Promise((r) => setTimeout(r, 100)); // polling the condition: the lease has not run out yet
    }
    throw new Error(`change ${id} did not settle`);
  };
  const armFault = async (pair: Pair, fault: Json) =>
    expect((await control(w.sb.url, pair.org, 'POST', '/faults', fault)).status).toBeLessThan(300);

  it('a receipt only part of which landed (the rest a dead letter) is returned unpaid: exactly the landed Payment is deleted, and replaying the dead letter pays nothing', async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const [first, second] = await t.newInvoices(2);
    await t.inXero(pair, 'invoices', [first, second]);
    // a payment by hand on the second invoice: X3's full amount now exceeds what is due there
    const manual = await t.xeroWrite(pair, 'PUT', 'Payments', {
      Payments: [
        {
          Invoice: { InvoiceID: (await t.xeroDocument(pair, second._id)).InvoiceID },
          Account: { Code: '090' },
          Amount: 1,
          Date: new Date().toISOString().slice(0, 10),
          Reference: 'by hand',
        },
      ],
    });
    expect(manual.status).toBe(200);
    const manualId = String(((manual.body as Json).Payments as Json[])[0].PaymentID);
    const payment = await t.payment([
      { document: first, amount: totalOf(first) },
      { document: second, amount: totalOf(second) },
    ]);
    await t.accept(pair, 'payments', 'payment', [payment]);
    await drainUntilQuiet(w, pair, ['payments']);
    const [dead] = await rows(pair);
    expect(dead.state).toBe('dead');
    const parts = await t.parts(pair);
    expect(parts.map((p) => p.partKey)).toEqual([`invoice:${first._id}`]);
    const landedId = parts[0].xeroPaymentId;
    // the hand payment goes: from now on the refused part would land if anything sent it
    expect((await t.xeroWrite(pair, 'POST', `Payments/${manualId}`, { Status: 'DELETED' })).status).toBe(200);

    const bounced = await bounceInX3(payment);
    await t.accept(pair, 'payments', 'payment', [bounced]);
    const [calls, deletes] = [await callsOf(w, pair), await deleteCalls(pair)];
    await drainUntilQuiet(w, pair, ['payments']);
    // one call: the landed Payment's deletion; the unlanded part is not attempted
    expect([(await callsOf(w, pair)) - calls, (await deleteCalls(pair)) - deletes]).toEqual([1, 1]);
    expect(await statuses(pair, [landedId])).toEqual(['DELETED']);
    const settled = await rows(pair);
    expect(settled.map((r) => [r.state, r.outcome?.action ?? null]).sort()).toEqual([
      ['dead', null],
      ['done', 'deleted'],
    ]);
    expect(settled.find((r) => r.state === 'done')!.outcome?.messages?.[0]).toContain(landedId);
    expect(await t.xeroPayments(pair, [payment._id])).toEqual([]);
    await expectDueInFull(pair, [first, second]);

    // the dead letter replayed as the product does (X3 read again): nothing is paid, no call
    const before = await callsOf(w, pair);
    const replayed = await w.h.tx.run(pair.tenantId, (m) =>
      pending.replay(m, { integrationId: pair.integrationId, flowKey: 'payments' }, 'dead', { reread: true }),
    );
    expect(replayed).toBe(1);
    await drainUntilQuiet(w, pair, ['payments']);
    expect((await rows(pair)).map((r) => r.state)).toEqual(['done', 'done']);
    expect(await callsOf(w, pair)).toBe(before);
    expect(await t.xeroPayments(pair, [payment._id])).toEqual([]);
    await expectDueInFull(pair, [first, second]);
  });

  it.each([
    ['the second delete never reaches Xero (the connection drops)', 'drop', ['DELETED', 'AUTHORISED']],
    ['the answer to the second delete is lost (Xero deleted it)', 'dropAfterWrite', ['DELETED', 'DELETED']],
  ])(
    'a reversal cut short after its first delete — %s: the next drain deletes only what remains, once each',
    async (_what, kind, afterCut) => {
      const pair = await pairWithFlows(w, [...ENTITIES]);
      const { invoices, payment, ids } = await landedReceipt(pair);
      await armFault(pair, { kind, pathContains: `/Payments/${ids[1]}` });
      await t.accept(pair, 'payments', 'payment', [await bounceInX3(payment)]);
      const { id } = await openChange(pair);
      const deletes = await deleteCalls(pair);

      // the first drain: one delete answered, the second cut off; the change waits for its retry
      await w.drain.run(t.flow(pair));
      expect((await deleteCalls(pair)) - deletes).toBe(2);
      expect(await statuses(pair, ids)).toEqual(afterCut);
      const cut = await openChange(pair);
      expect([cut.id, cut.state, cut.lastError]).toEqual([id, 'claimed', expect.stringMatching(/^Xero: /)]);

      const done = await drainUntilSettled(pair, id);
      expect([done.state, done.outcome?.action, done.outcome?.messages]).toEqual([
        'done',
        'deleted',
        [`returned unpaid in X3: Xero payment ${ids.join(', ')} deleted`],
      ]);
      // only the second Payment's delete was sent again: one answered delete per Payment
      expect((await deleteCalls(pair)) - deletes).toBe(3);
      expect(await statuses(pair, ids)).toEqual(['DELETED', 'DELETED']);
      await expectDueInFull(pair, invoices);
      const [ref] = await t.paymentRefs(pair);
      expect([ref.x3Key, ref.xeroId]).toEqual([payment._id, ids[0]]);
    },
  );

  it("a delete Xero refuses (the period locked meanwhile) is held with Xero's words, the other Payment's deletion recorded; unlocked, a new poll finishes it", async () => {
    const pair = await pairWithFlows(w, [...ENTITIES]);
    const { invoices, payment, ids } = await landedReceipt(pair);
    // the second delete fails (Xero unavailable) and, before the drain comes back, the adviser locks the period
    await armFault(pair, { kind: 'status500', pathContains: `/Payments/${ids[1]}` });
    const bounced = await bounceInX3(payment);
    await t.accept(pair, 'payments', 'payment', [bounced]);
    const { id } = await openChange(pair);
    await w.drain.run(t.flow(pair));
    expect(await statuses(pair, ids)).toEqual(['DELETED', 'AUTHORISED']);
    const today = new Date().toISOString().slice(0, 10);
    const lock = await control(w.sb.url, pair.org, 'POST', '/lock-dates', { periodLockDate: today });
    expect(lock.status).toBeLessThan(300);

    // (the drain's organisation facts, lock dates included, were read before the lock: Xero refuses)
    const held = await drainUntilSettled(pair, id);
    expect(held.state).toBe('held');
    const [message] = held.outcome?.messages ?? [];
    expect(message).toMatch(new RegExp(`Xero refused to delete it: Payment ${ids[1]}: .*period lock date`));
    expect(message).toContain(`Payment ${ids[0]} deleted`);
    expect(held.outcome?.proposal).toMatch(/lock date/);
    expect(await statuses(pair, ids)).toEqual(['DELETED', 'AUTHORISED']);
    const [a, b] = await Promise.all(invoices.map((i) => t.xeroDocument(pair, i._id)));
    expect([money(a.AmountDue), money(b.AmountDue)]).toEqual([
      money(totalOf(invoices[0])),
      toDec(totalOf(invoices[1])).minus('3.50').toFixed(2),
    ]);
    // not reversed whole: the cross-reference still says the payment as written
    const [ref] = await t.paymentRefs(pair);
    expect([ref.x3Key, ref.xeroId]).toEqual([payment._id, ids[0]]);
    const refHash = ref.contentHash;

    // the adviser moves the lock back; the next poll of the bounced payment (a new change) finishes
    // it: the first Payment, asked again under a new key, is "already deleted" and counts as done
    expect((await control(w.sb.url, pair.org, 'POST', '/lock-dates', { periodLockDate: null })).status).toBeLessThan(
      300,
    );
    await t.accept(pair, 'payments', 'payment', [bounced]);
    const next = await openChange(pair);
    expect(next.id).not.toBe(id);
    const deletes = await deleteCalls(pair);
    const done = await drainUntilSettled(pair, next.id);
    expect([done.state, done.outcome?.action, done.lastError]).toEqual(['done', 'deleted', null]);
    expect((await deleteCalls(pair)) - deletes).toBe(2);
    expect(await statuses(pair, ids)).toEqual(['DELETED', 'DELETED']);
    await expectDueInFull(pair, invoices);
    const [after] = await t.paymentRefs(pair);
    expect(after.contentHash).not.toBe(refHash);
  });
});
