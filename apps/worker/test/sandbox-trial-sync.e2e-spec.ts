// "Try with the sandbox" as a finance lead meets it: one click after signing in with Xero, and
// with nothing else done the worker carries the seeded X3 folder's records into the seeded Xero
// organisation — each once, linked, nothing dead-lettered. How long it took is printed (a speed
// figure for the bench and the README, never a timed assertion).
import { createOrg } from '../../sandbox/src/xero/testing/sandbox-harness';
import { CookieBrowser } from '#lb/testing';
import { change, read, signInWithXero, uniqueEmail } from '../../api/test/xero-world';
import { openCount, PendingCounts } from './sync-probe';
import { SyncTenant, SyncWorld } from './sync-world';

/** Every starter flow that writes (stock levels only list changes: Xero keeps no stock figure to write). */
const CARRIED = ['customers', 'suppliers', 'products', 'invoices', 'credit-notes', 'bills', 'payments', 'journals'];
/** Backstop only: the wait ends on its condition; a loaded 2-core machine runs the whole suite beside it. */
const CONDITION_MS = 900_000;

describe('the sandbox trial moves records with nothing else done', () => {
  let world: SyncWorld;

  beforeAll(async () => {
    world = await SyncWorld.start({ trial: true });
    await world.startWorker();
  }, 3_000_000); // includes waiting for another sync world (one at a time: SyncWorld.start)
  afterAll(() => world?.close());

  it(
    'carries the seeded X3 folder into the seeded Xero organisation, each record once, none dead',
    async () => {
      const xw = world.asXeroWorld;
      const org = await createOrg(world.sandbox, uniqueEmail('trial-sync'), 'NZ');
      const admin = new CookieBrowser();
      await signInWithXero(xw, admin, org);
      const clicked = Date.now();
      const trial = await change(xw, admin, 'POST', '/api/sandbox/try');
      expect(trial.status).toBe(201);
      expect(trial.body.flowsEnabled).toEqual(expect.arrayContaining(['customers', 'invoices']));
      const session = await read(xw, admin, '/api/auth/session');
      // the readbacks need only the tenant and the integration
      const t = {
        tenantId: String(session.body.tenant.id),
        integrationId: String(trial.body.integrationId),
      } as SyncTenant;

      let counts: PendingCounts = {};
      await world.probe('the trial records carried', { timeoutMs: CONDITION_MS, stallMs: 300_000 }).until(async () => {
        counts = await world.pending(t);
        const carriedOpen = CARRIED.reduce((n, flow) => n + openCount(counts, flow), 0);
        const invoices = counts.invoices?.done ?? 0;
        return { done: (carriedOpen === 0 && invoices > 0) || undefined, progress: counts };
      });
      const seconds = (Date.now() - clicked) / 1000;
      process.stdout.write(
        `sandbox trial: carried in ${seconds.toFixed(1)} s after the click: ${JSON.stringify(counts)}\n`,
      );

      // Nothing dead, as the user's own dead-letter list says
      const dead = await read(xw, admin, `/api/integrations/${t.integrationId}/dead-letters`);
      expect(dead.status).toBe(200);
      expect(dead.body).toEqual([]);
      // Every invoice, customer and payment the drain settled is linked to a Xero record, one X3 key per Xero id
      const linked = await world.linked(t);
      for (const [entity, flow] of [
        ['invoice', 'invoices'],
        ['customer', 'customers'],
        ['payment', 'payments'],
      ] as const) {
        const links = linked.get(entity) ?? new Map<string, string>();
        expect(links.size).toBeGreaterThan(0);
        expect(new Set(links.values()).size).toBe(links.size);
        const done = await world.owner.query<Array<{ source_key: string }>>(
          `SELECT source_key FROM sync_pending_changes WHERE tenant_id = $1 AND integration_id = $2
           AND flow_key = $3 AND direction = 'x3-to-xero' AND state = 'done'
           AND outcome->>'action' IN ('created', 'updated')`,
          [t.tenantId, t.integrationId, flow],
        );
        expect(done.map((d) => d.source_key).filter((k) => !links.has(k))).toEqual([]);
      }
    },
    CONDITION_MS + 120_000,
  );
});
