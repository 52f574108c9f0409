// Reconciliation's proof with seeded differences, in processes: the worker (its own OS process) runs
// the starter flows between the two sandboxes until X3's invoices are in Xero, then the runs a
// member starts over the api. A clean pair reports zero differences: the Xero sandbox
// organisation's five demo contacts, there before the pairing, are carried to X3 by the both-ways
// customers flow (ContactNumber 'C-1001' → X3 code 'C_1001') and compared under that shared code.
// Then, seeded in Xero through
// the sandbox's own APIs only: an edit that did not move UpdatedDateUTC (found only through Xero's
// aged report), an amount off by one cent, and a payment keyed in Xero only (paid/unpaid). The run
// finds and classifies each; the admin approves the fixes; the editable ones are re-sent through
// the sync (forced: X3 did not change, so the content-hash dedupe would skip them); the payment keyed
// in Xero is carried to X3 (refused until the admin switches on the xero-payments flow, the starter
// flow reading payments from Xero, off by default), never an edit of the paid Xero invoice. The next
// run reports every invoice equal.
import { eventually } from '#lb/testing';
import { openCount } from './sync-probe';
import { SyncTenant, SyncWorld } from './sync-world';
import {
  centMore,
  adminChange,
  decide,
  described,
  money,
  payInXero,
  reconcile,
  RunDifference,
  RunView,
  silentEdit,
  xeroInvoice,
  day,
  DEMO_CONTACTS,
  seededInvoicesInXero,
} from './recon-seeded-world';

/** Backstops only: waits end on their conditions (a loaded 2-core machine, other worlds queued first). */
const SETUP_MS = 3_000_000;
const STEP_MS = 900_000;

describe('reconciliation with seeded differences between the sandboxes', () => {
  let world: SyncWorld;
  let t: SyncTenant;
  let invoices: string[];
  /** Each invoice's total as X3 has it (and Xero had it once written). */
  const x3Totals = new Map<string, string>();
  // a run as of tomorrow: the documents (dated two days ago) and the payment (today) are in it
  // whatever the hour, and midnight passing during the proof changes nothing
  const asOf = day(1);
  let seeded: RunView;

  const byKey = (view: RunView, entity: string) =>
    new Map(view.differences.filter((d) => d.entity === entity).map((d) => [d.matchKey, d]));
  const partyDifferences = (view: RunView) =>
    view.differences
      .filter((d) => d.entity !== 'invoice')
      .map((d) => [d.matchKey, d.differenceClass, d.fix.action])
      .sort();

  beforeAll(async () => {
    world = await SyncWorld.start();
    await world.startWorker();
    t = await world.pairTenant('NZ');
    invoices = await seededInvoicesInXero(world, t, 5);
    for (const number of invoices) x3Totals.set(number, money((await xeroInvoice(t, number)).Total));
  }, SETUP_MS);
  afterAll(() => world?.close());

  it(
    'a clean pair reports zero differences, the contacts Xero had before the pairing included',
    async () => {
      // the demo contacts were carried to X3 by the customers flow (both ways) in the set-up: on both sides
      const clean = await reconcile(world, t, asOf);
      expect(clean.run).toMatchObject({ state: 'done', failure: null });
      expect(described(clean)).toEqual([]);
      expect(Object.keys(clean.run.counts)).toEqual(['compared']);
      // compared, not skipped: the invoices, the X3 customers and product, and the demo contacts
      expect(clean.run.counts.compared).toBeGreaterThanOrEqual(invoices.length + 2 + DEMO_CONTACTS.length);
    },
    STEP_MS,
  );

  it(
    'finds every seeded difference and classifies it, with its suggested fix',
    async () => {
      const [silent, cent, paid] = invoices;
      // the first line doubled in Xero, UpdatedDateUTC unmoved: only the aged report shows it
      const first = (await xeroInvoice(t, silent)).LineItems as Array<Record<string, unknown>>;
      const quantity = Number(first[0].Quantity);
      const silentTotal = await silentEdit(world, t, silent, {
        Quantity: quantity * 2,
        LineAmount: undefined,
        TaxAmount: undefined,
      });
      expect(silentTotal).not.toBe(x3Totals.get(silent));
      // one cent more tax than X3 computed
      const centTotal = await centMore(world, t, cent);
      expect(Number(centTotal) - Number(x3Totals.get(cent))).toBeCloseTo(0.01, 6);
      // paid in Xero only: X3 still has it open
      await payInXero(t, paid, day(0));

      seeded = await reconcile(world, t, asOf);
      expect(seeded.run.state).toBe('done');
      const found = byKey(seeded, 'invoice');
      const summary = (d: RunDifference | undefined) => d && [d.differenceClass, d.fix.action, d.xero[0]?.amountDue];
      expect(Object.fromEntries([...found].map(([k, d]) => [k, summary(d)]))).toEqual({
        [silent]: ['amount', 'resend-x3', silentTotal],
        [cent]: ['rounding', 'resend-x3', centTotal],
        [paid]: ['status', 'carry-payment', '0.00'],
      });
      expect(found.get(silent)!.x3[0].amountDue).toBe(x3Totals.get(silent));
      expect(found.get(paid)).toMatchObject({
        xero: [{ amountDue: '0.00' }],
        x3: [{ amountDue: x3Totals.get(paid) }],
        fix: { target: expect.any(String), amount: x3Totals.get(paid) },
      });
      expect(seeded.run.counts).toMatchObject({ amount: 1, rounding: 1, status: 1 });
      expect(partyDifferences(seeded)).toEqual([]);
    },
    STEP_MS,
  );

  it(
    'approved fixes are applied through the sync: the edits re-sent, the Xero payment carried to X3; the next run finds every invoice equal',
    async () => {
      const [silent, cent, paid] = invoices;
      const found = byKey(seeded, 'invoice');
      for (const key of [silent, cent]) {
        const approved = await decide(world, t, seeded.run.id, found.get(key)!, 'approve');
        expect([key, approved.status, approved.body.state]).toEqual([key, 200, 'applied']);
      }
      // the payment goes to X3 through the flow reading payments from Xero: off, the fix is refused
      const refused = await decide(world, t, seeded.run.id, found.get(paid)!, 'approve');
      expect(refused.status).toBe(409);
      expect(JSON.stringify(refused.body)).toMatch(/no enabled flow carries payment records from Xero to X3/);
      // decided once: a second approval is refused
      expect((await decide(world, t, seeded.run.id, found.get(silent)!, 'approve')).status).toBe(409);
      const on = await adminChange(world, t, 'POST', `/api/integrations/${t.integrationId}/flows/xero-payments/enable`);
      expect(on.status).toBe(200);
      const carried = await decide(world, t, seeded.run.id, found.get(paid)!, 'approve');
      expect([carried.status, carried.body.state]).toEqual([200, 'applied']);

      // the worker drains the forced re-sends (Xero holds X3's amounts again) and carries the payment:
      // X3's invoice is paid, and the invoices flow's copy of it says so
      // (watched through reconciliation's copies, not Xero's API: the probe must not spend the org's calls)
      const copy = async (side: 'x3' | 'xero', key: string) =>
        (
          await world.owner.query<Array<{ total: string; due: string }>>(
            `SELECT total, amount_due AS due FROM recon_documents
             WHERE integration_id = $1 AND side = $2 AND entity = 'invoice' AND match_key = $3`,
            [t.integrationId, side, key],
          )
        )[0];
      await world.probe('the fixes made', { timeoutMs: STEP_MS, stallMs: 300_000 }).until(async () => {
        const totals = [(await copy('xero', silent))?.total, (await copy('xero', cent))?.total].map((v) =>
          v === undefined ? v : money(v),
        );
        const paidDue = (await copy('x3', paid))?.due;
        const counts = await world.pending(t);
        const done =
          totals[0] === x3Totals.get(silent) &&
          totals[1] === x3Totals.get(cent) &&
          paidDue !== undefined &&
          money(paidDue) === '0.00' &&
          // the organisation's own demo payments wait for invoices X3 does not have: not ours
          openCount(counts) - (counts['xero-payments']?.waiting ?? 0) === 0;
        return { done: done || undefined, progress: { totals, paidDue, counts } };
      });
      // Xero's own answer: X3's amounts again
      expect([money((await xeroInvoice(t, silent)).Total), money((await xeroInvoice(t, cent)).Total)]).toEqual([
        x3Totals.get(silent),
        x3Totals.get(cent),
      ]);
      // written as updates: the content-hash dedupe ("unchanged") did not swallow them
      const outcomes = await eventually('the fixes settled', async () => {
        const rows = await world.owner.query<Array<{ key: string; action: string }>>(
          `SELECT DISTINCT ON (source_key) source_key AS key, outcome->>'action' AS action FROM sync_pending_changes
           WHERE integration_id = $1 AND flow_key = 'invoices' AND source_key = ANY($2) AND state = 'done'
           ORDER BY source_key, updated_at DESC`,
          [t.integrationId, [silent, cent]],
        );
        return rows.length === 2 ? rows : undefined;
      });
      expect(outcomes.map((o) => [o.key, o.action]).sort()).toEqual([silent, cent].sort().map((k) => [k, 'updated']));
      // one X3 receipt for the Xero payment (written once, whether the poll or the fix queued it)
      const receipts = await world.owner.query<Array<{ action: string }>>(
        `SELECT outcome->>'action' AS action FROM sync_pending_changes
         WHERE integration_id = $1 AND flow_key = 'xero-payments' AND state = 'done' AND outcome->>'action' = 'created'`,
        [t.integrationId],
      );
      expect(receipts).toHaveLength(1);
      expect(await world.deadLetters(t)).toEqual([]);
      // the paid X3 invoice re-read by the invoices flow is unchanged: never an update Xero would refuse
      const paidChanges = await world.owner.query<Array<{ state: string; action: string | null }>>(
        `SELECT state, outcome->>'action' AS action FROM sync_pending_changes
         WHERE integration_id = $1 AND flow_key = 'invoices' AND source_key = $2 ORDER BY updated_at`,
        [t.integrationId, paid],
      );
      expect(paidChanges.filter((c) => c.state === 'held' || c.state === 'dead')).toEqual([]);

      const next = await reconcile(world, t, asOf);
      expect(next.run.state).toBe('done');
      expect(described(next)).toEqual([]);
      // the paid invoice was never edited: still paid in Xero, at its X3 total
      const paidNow = await xeroInvoice(t, paid);
      expect([paidNow.Status, money(paidNow.Total)]).toEqual(['PAID', x3Totals.get(paid)]);
    },
    STEP_MS,
  );
});
