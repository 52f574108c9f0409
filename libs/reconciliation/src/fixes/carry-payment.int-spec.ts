// A payment keyed in Xero only, on the real sandboxes: an X3 invoice carried to Xero is paid there
// and the payment is never polled (the xero-payments flow was behind, or off when it was keyed).
// The run reads Xero's aged report: paid in Xero, open in X3 — a status difference whose fix carries
// the payment to X3. Approval is refused while no flow writes payments from Xero (nothing queued);
// approved, the worker's job (run here) reads the invoice's payments from Xero and queues them on the
// xero-payments flow; the drain writes the X3 receipt; the next run finds both sides paid.
import { toDec } from '#lb/mapping';
import { control as xeroControl } from '../../../connectors/xero/test/sandbox-process';
import {
  DrainWorld,
  drainUntilQuiet,
  Pair,
  startDrainWorld,
  stopDrainWorld,
} from '../../../sync/src/drain/testing/drain-world';
import { totalOf } from '../../../sync/src/drain/testing/payment-world';
import { XERO_PAYMENTS, XERO_PAYMENTS_FLOW, XeroPaymentWorld } from '../../../sync/src/x3-writer/payment-xero-world';
import { REPORTS_SCOPES } from '../ledger/testing/ledger-world';
import { AgedReportAmountsDue } from '../runs/aged-amounts-due';
import { reconcilePair, reconciliationsFor } from '../runs/testing/reconcile-pair';
import { carryXeroPayments } from './carry-payment';
import { FixNotAutomaticError } from './fix-errors';

jest.setTimeout(300_000);

describe('reconciliation: a payment keyed in Xero only is carried to X3 once approved', () => {
  let base: DrainWorld;
  let w: DrainWorld;
  let p: XeroPaymentWorld;
  let pair: Pair;

  beforeAll(async () => {
    base = await startDrainWorld();
    // the aged reports need their scopes, as the product's consent asks for them
    w = {
      ...base,
      xero: base.h.connector({
        scopes: REPORTS_SCOPES,
        limits: { minute: 600, day: 5000, concurrency: 5, appMinute: 10000, clockScale: 1, leaseMs: 10_000 },
      }),
    };
    p = new XeroPaymentWorld(w);
    pair = await p.pair(['customer', 'product', 'invoice', 'payment']);
  });
  afterAll(() => stopDrainWorld(base));

  // the aged reports read as the worker's run reads them
  const reconcile = () =>
    reconcilePair(w.h.tx, pair, '2099-12-31', {
      xeroAmountsDue: new AgedReportAmountsDue({ tx: w.h.tx, xero: w.xero }),
    });
  /** The xero-payments flow switched on or off as an admin does: a new version of it. */
  const setPaymentsFlow = (enabled: boolean) =>
    p.saveXeroToX3Flow(pair, XERO_PAYMENTS, 'payment', { ...XERO_PAYMENTS_FLOW, enabled });
  const outboxJobs = () =>
    w.h.tx.run(pair.tenantId, (m) =>
      m.query<Array<{ jobId: string }>>(
        `SELECT job_id AS "jobId" FROM job_outbox WHERE job_name = 'carry-xero-payments'`,
      ),
    );

  it('found as a status difference, refused without a writing flow, applied through the xero-payments flow; the next run is clean', async () => {
    const [paid, open] = await p.t.newInvoices(2);
    await p.t.inXero(pair, 'invoices', [paid, open]);
    const xeroId = String((await p.t.xeroDocument(pair, paid._id)).InvoiceID).toLowerCase();
    const paymentId = await p.pay(pair, xeroId, totalOf(paid));

    const first = await reconcile();
    expect(first.done.state).toBe('done');
    expect(first.differences.map((d) => [d.matchKey, d.differenceClass, d.fix.action, d.fix.target])).toEqual([
      [paid._id, 'status', 'carry-payment', xeroId],
    ]);
    const [difference] = first.differences;
    expect(difference.xero[0].amountDue).toBe('0.00');
    expect(difference.fix.amount).toBe(toDec(totalOf(paid)).toFixed(2));

    const recon = reconciliationsFor(w.h.tx, w.jobs);
    const ids = { integrationId: pair.integrationId, runId: first.done.id, differenceId: difference.id };
    // the flow carrying payments from Xero is off: refused, nothing queued, still open
    await setPaymentsFlow(false);
    await expect(recon.decide(pair.tenantId, ids, 'approve', null)).rejects.toThrow(
      /no enabled flow carries payment records from Xero to X3/,
    );
    expect(await outboxJobs()).toEqual([]);
    await setPaymentsFlow(true);
    // the job refuses a difference not yet approved, and another tenant's
    const jobDeps = { tx: w.h.tx, jobs: w.jobs, xero: w.xero };
    await expect(carryXeroPayments(jobDeps, pair.tenantId, difference.id)).rejects.toBeInstanceOf(FixNotAutomaticError);
    const approved = await recon.decide(pair.tenantId, ids, 'approve', null);
    expect(approved.state).toBe('applied');
    expect(await outboxJobs()).toEqual([{ jobId: `carry-xero-payments:${difference.id}` }]);
    const other = await p.pair(['customer']);
    await expect(carryXeroPayments(jobDeps, other.tenantId, difference.id)).rejects.toBeInstanceOf(
      FixNotAutomaticError,
    );

    // Xero down: the job fails to be retried (not a refusal), and nothing is queued
    const down = { kind: 'status503', pathContains: '/Invoices', method: 'GET', count: 50 };
    expect((await xeroControl(w.sb.url, pair.org, 'POST', '/faults', down)).status).toBeLessThan(300);
    try {
      const failed = await carryXeroPayments(jobDeps, pair.tenantId, difference.id).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(Error);
      expect(failed).not.toBeInstanceOf(FixNotAutomaticError);
      expect(await p.row(pair, paymentId)).toBeNull();
    } finally {
      await xeroControl(w.sb.url, pair.org, 'DELETE', '/faults');
    }

    // the worker's job: the invoice's payment read from Xero and queued on the flow, then drained
    expect(await carryXeroPayments(jobDeps, pair.tenantId, difference.id)).toBe(1);
    expect((await p.row(pair, paymentId))?.state).toBe('pending');
    await p.drainQuiet(pair);
    expect([(await p.row(pair, paymentId))?.state, (await p.row(pair, paymentId))?.outcome?.action]).toEqual([
      'done',
      'created',
    ]);
    const [receipt] = await p.x3PaymentsOf(paymentId);
    expect(toDec(String(receipt.amount)).toFixed(2)).toBe(toDec(totalOf(paid)).toFixed(2));
    const x3Invoice = await p.x3Document('salesInvoice', paid._id);
    expect(toDec(String(x3Invoice.totalAmountIncludingTax)).minus(String(x3Invoice.paidAmount)).toFixed(2)).toBe(
      '0.00',
    );
    // a second run of the job (a Bull retry) queues it again; the drain finds it carried: one receipt
    expect(await carryXeroPayments(jobDeps, pair.tenantId, difference.id)).toBe(1);
    await p.drainQuiet(pair);
    expect(await p.x3PaymentsOf(paymentId)).toHaveLength(1);

    // X3's invoice changed (paid): the invoices flow reads it again and keeps its copy, writing nothing
    await p.t.accept(pair, 'invoices', 'invoice', [x3Invoice]);
    await drainUntilQuiet(w, pair, ['invoices']);
    const rows = (await p.t.rows(pair, 'invoices')).filter((r) => r.sourceKey === paid._id);
    // (paid amounts are not document content: no update of a paid Xero invoice, nothing held)
    const byTime = rows.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime());
    expect(byTime.map((r) => [r.state, r.outcome?.action])).toEqual([
      ['done', 'created'],
      ['done', 'unchanged'],
    ]);

    const next = await reconcile();
    expect([next.done.state, next.differences]).toEqual(['done', []]);
  });
});
