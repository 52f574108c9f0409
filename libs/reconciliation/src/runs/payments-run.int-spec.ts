// Payments reconciled one by one, on the real sandboxes: an X3 receipt the payments flow wrote to
// Xero, and a Xero payment the xero-payments flow carried to X3, are each kept on both sides under
// one key and compare equal. A Xero payment polled but not yet carried is missing in X3; approved,
// it goes through that flow and the next run is clean. A payment deleted in Xero is a status
// difference for an accountant (Xero never edits a payment). The organisation's own payments on
// documents no flow covers are not compared.
import { toDec } from '#lb/mapping';
import {
  DrainWorld,
  drainUntilQuiet,
  Pair,
  startDrainWorld,
  stopDrainWorld,
} from '../../../sync/src/drain/testing/drain-world';
import { totalOf } from '../../../sync/src/drain/testing/payment-world';
import { XeroPaymentWorld } from '../../../sync/src/x3-writer/payment-xero-world';
import { FixNotAutomaticError } from '../fixes/fix-errors';
import { reconcilePair, reconciliationsFor } from './testing/reconcile-pair';

jest.setTimeout(300_000);

describe('reconciliation compares payments one by one', () => {
  let w: DrainWorld;
  let p: XeroPaymentWorld;
  let pair: Pair;

  beforeAll(async () => {
    w = await startDrainWorld();
    p = new XeroPaymentWorld(w);
    pair = await p.pair(['customer', 'product', 'invoice', 'payment']);
  });
  afterAll(() => stopDrainWorld(w));

  const reconcile = () => reconcilePair(w.h.tx, pair, '2099-12-31');
  const paymentCopies = () =>
    w.h.tx.run(pair.tenantId, (m) =>
      m.query<Array<{ side: string; key: string; total: string; status: string }>>(
        `SELECT side, match_key AS key, total, status FROM recon_documents
         WHERE integration_id = $1 AND entity = 'payment' ORDER BY match_key, side`,
        [pair.integrationId],
      ),
    );
  const money = (v: string) => toDec(v).toFixed(2);

  it('both directions equal; a Xero payment not carried yet is missing in X3, carried once approved; a deletion in Xero is for an accountant', async () => {
    const [fromX3, fromXero, deleted] = await p.t.newInvoices(3);
    await p.t.inXero(pair, 'invoices', [fromX3, fromXero, deleted]);
    const xeroIdOf = async (key: string) => String((await p.t.xeroDocument(pair, key)).InvoiceID).toLowerCase();

    // an X3 receipt written to Xero by the payments flow
    const receipt = await p.t.payment([{ document: fromX3, amount: totalOf(fromX3) }]);
    await p.t.accept(pair, 'payments', 'payment', [receipt]);
    await drainUntilQuiet(w, pair, ['payments']);
    // a payment keyed in Xero, polled (with the organisation's own, on documents no flow covers)
    const keyed = await p.pay(pair, await xeroIdOf(fromXero._id), totalOf(fromXero));
    expect((await p.poll(pair)).accepted).toBeGreaterThanOrEqual(2);

    const copies = await paymentCopies();
    // ours only: the X3 receipt on both sides under its key, the polled Xero payment under its id
    expect(copies.map((c) => [c.side, c.key, money(c.total), c.status])).toEqual(
      [
        ['x3', receipt._id, money(totalOf(fromX3)), 'authorised'],
        ['xero', receipt._id, money(totalOf(fromX3)), 'authorised'],
        ['xero', keyed, money(totalOf(fromXero)), 'authorised'],
      ].sort((a, b) => (a[1] + a[0] < b[1] + b[0] ? -1 : 1)),
    );

    const first = await reconcile();
    expect(first.done.state).toBe('done');
    const payments = first.differences.filter((d) => d.entity === 'payment');
    expect(payments.map((d) => [d.matchKey, d.differenceClass, d.fix.action, d.fix.target])).toEqual([
      [keyed, 'missingInX3', 'create-in-x3', keyed],
    ]);

    // approved: queued on the xero-payments flow (the poll's change for it coalesces), drained
    const recon = reconciliationsFor(w.h.tx, w.jobs);
    const approved = await recon.decide(
      pair.tenantId,
      { integrationId: pair.integrationId, runId: first.done.id, differenceId: payments[0].id },
      'approve',
      null,
    );
    expect(approved.state).toBe('applied');
    await p.drainQuiet(pair);
    expect(await p.x3PaymentsOf(keyed)).toHaveLength(1);

    const second = await reconcile();
    expect(second.differences.filter((d) => d.entity === 'payment')).toEqual([]);
    // compared: the two payments among the rest
    expect(second.done.counts.compared).toBeGreaterThanOrEqual(2 + 3 + 1);

    // an X3 receipt written to Xero, then deleted in Xero: the poll keeps the deletion
    const third = await p.t.payment([{ document: deleted, amount: totalOf(deleted) }]);
    await p.t.accept(pair, 'payments', 'payment', [third]);
    await drainUntilQuiet(w, pair, ['payments']);
    const [inXero] = await p.t.xeroPayments(pair, [third._id]);
    await p.deleteInXero(pair, String(inXero.PaymentID));
    await p.poll(pair);
    const last = await reconcile();
    const removed = last.differences.filter((d) => d.entity === 'payment');
    expect(removed.map((d) => [d.matchKey, d.differenceClass, d.fix.action])).toEqual([[third._id, 'status', 'none']]);
    expect(removed[0].fix.description).toMatch(/deleted in Xero/);
    await expect(
      recon.decide(
        pair.tenantId,
        { integrationId: pair.integrationId, runId: last.done.id, differenceId: removed[0].id },
        'approve',
        null,
      ),
    ).rejects.toBeInstanceOf(FixNotAutomaticError);
  });
});
