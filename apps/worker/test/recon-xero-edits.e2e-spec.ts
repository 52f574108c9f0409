// Reconciliation's proof for what is keyed in Xero against documents only our x3-to-xero flow writes
// (recon-seeded-differences.e2e-spec.ts covers the rest): a second invoice under the same number,
// contact and amount, and an invoice's currency changed. The invoices flow writes Xero only, so
// nothing of Xero's goes back to X3; its Xero side is still polled (and polled at once on a webhook)
// into reconciliation's copies, for the documents it wrote and those sharing their numbers. The run
// finds and classifies both; the admin approves: the currency is re-sent from X3 through the sync,
// the duplicate is voided in Xero; the next run reports zero differences.
import { switchOnWebhooks } from './sync-both-ways-world';
import { openCount } from './sync-probe';
import { SyncTenant, SyncWorld } from './sync-world';
import {
  decide,
  described,
  duplicateInXero,
  otherCurrencyInXero,
  reconcile,
  RunView,
  xeroInvoice,
  day,
  seededInvoicesInXero,
} from './recon-seeded-world';

/** Backstops only: waits end on their conditions (a loaded 2-core machine, other worlds queued first). */
const SETUP_MS = 3_000_000;
const STEP_MS = 900_000;

describe('reconciliation of what is keyed in Xero against an x3-to-xero flow', () => {
  let world: SyncWorld;
  let t: SyncTenant;
  let invoices: string[];
  const asOf = day(1);
  let seeded: RunView;
  let duplicateId: string;
  let x3Currency: string;

  /** Reconciliation's Xero copies of an invoice number: [record, currency, status]. */
  const xeroCopies = (number: string) =>
    world.owner.query<Array<{ record: string; currency: string; status: string }>>(
      `SELECT record_key AS record, currency, status FROM recon_documents
       WHERE integration_id = $1 AND side = 'xero' AND entity = 'invoice' AND match_key = $2 ORDER BY record_key`,
      [t.integrationId, number],
    );

  beforeAll(async () => {
    world = await SyncWorld.start();
    // Xero's webhooks on, as a developer does: an edit in Xero asks for a poll of the copies at once
    await switchOnWebhooks(world);
    await world.startWorker();
    t = await world.pairTenant('NZ');
    invoices = await seededInvoicesInXero(world, t, 3);
    x3Currency = String((await xeroInvoice(t, invoices[1])).CurrencyCode);
  }, SETUP_MS);
  afterAll(() => world?.close());

  it(
    'a duplicate and a currency changed in Xero reach the copies and are found and classified',
    async () => {
      const [dup, currency] = invoices;
      const clean = await reconcile(world, t, asOf);
      expect(described(clean)).toEqual([]);

      duplicateId = await duplicateInXero(t, dup);
      const other = await otherCurrencyInXero(t, currency);
      // Xero's webhook asks for a poll of the flow's Xero side: the copies follow, nothing goes to X3
      await world.probe('the Xero edits in the copies', { timeoutMs: STEP_MS, stallMs: 300_000 }).until(async () => {
        const [dups, cur] = [await xeroCopies(dup), await xeroCopies(currency)];
        const done = dups.length === 2 && cur[0]?.currency === other;
        const events = await world.owner.query(
          `SELECT event_category, status, detail FROM xero_events ORDER BY created_at DESC LIMIT 5`,
        );
        const cursors = await world.owner.query(
          `SELECT flow_key, cursor, polled_at FROM sync_flow_cursors WHERE integration_id = $1 AND side = 'xero'`,
          [t.integrationId],
        );
        return { done: done || undefined, progress: { dups, cur, events, cursors } };
      });

      seeded = await reconcile(world, t, asOf);
      expect(seeded.run.state).toBe('done');
      expect(
        seeded.differences.map((d) => [d.entity, d.matchKey, d.differenceClass, d.fix.action, d.fix.target]),
      ).toEqual([
        // the copy to void is the one keyed in Xero, never the one our sync wrote and links
        ['invoice', dup, 'duplicate', 'void-duplicate', duplicateId],
        ['invoice', currency, 'currency', 'resend-x3', currency],
      ]);
      expect(seeded.run.counts).toMatchObject({ duplicate: 1, currency: 1 });
      // the flow writes Xero only: nothing of the edits became a change for X3
      const toX3 = await world.owner.query<unknown[]>(
        `SELECT 1 FROM sync_pending_changes WHERE integration_id = $1 AND direction = 'xero-to-x3' AND entity = 'invoice'`,
        [t.integrationId],
      );
      expect(toX3).toEqual([]);
    },
    STEP_MS,
  );

  it(
    'approved: the currency re-sent from X3, the duplicate voided in Xero; the next run reports zero differences',
    async () => {
      const [dup, currency] = invoices;
      const byKey = new Map(seeded.differences.map((d) => [d.matchKey, d]));
      for (const key of [dup, currency]) {
        const approved = await decide(world, t, seeded.run.id, byKey.get(key)!, 'approve');
        expect([key, approved.status, approved.body.state]).toEqual([key, 200, 'applied']);
      }
      await world.probe('the fixes made in Xero', { timeoutMs: STEP_MS, stallMs: 300_000 }).until(async () => {
        const [dups, cur] = [await xeroCopies(dup), await xeroCopies(currency)];
        const voided = dups.find((c) => c.record === duplicateId)?.status === 'voided';
        const done = voided && cur[0]?.currency === x3Currency && openCount(await world.pending(t)) === 0;
        return { done: done || undefined, progress: { dups, cur } };
      });
      // Xero's own listing: the duplicate voided, ours untouched; the currency X3's again
      const [ours, again] = [await xeroInvoice(t, dup), await xeroInvoice(t, currency)];
      expect(String(ours.InvoiceID).toLowerCase()).not.toBe(duplicateId);
      expect([ours.Status, again.CurrencyCode]).toEqual(['AUTHORISED', x3Currency]);
      expect(await world.deadLetters(t)).toEqual([]);

      const next = await reconcile(world, t, asOf);
      expect(next.run.state).toBe('done');
      expect(described(next)).toEqual([]);
    },
    STEP_MS,
  );
});
