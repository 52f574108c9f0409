// Fault (c): the PostgreSQL server under the api and the worker (one of this suite's own, so
// stopping it touches no other suite; the sandboxes stay on the run's) is stopped mid-run and
// started again on the same port and data directory. Meanwhile the api answers 503 (readiness and
// a signed-in route, with the usual error body) and Xero's webhook deliveries get a non-2xx, so
// Xero retries them; afterwards the run completes, nothing lost or duplicated, checked on both
// sandboxes' stores, and the delivery Xero retries is stored once.
import { createHmac, randomUUID } from 'node:crypto';
import { read } from '../../../api/test/xero-world';
import { SyncTenant, SyncWorld } from '../sync-world';
import {
  expectAgreement,
  linkedInvoices,
  readiness,
  seedAndEnable,
  startFaultWorld,
  startWorkerPatiently,
  waitFor,
  waitSettled,
} from './fault-world';
import { OwnPostgres } from './own-postgres';

const CUSTOMERS = 40;
const INVOICES = 300;
/** How long PostgreSQL stays down once both processes have met the outage. */
const DOWN_MS = 30_000;
/** Backstops only: every wait ends on its condition. */
const SETUP_MS = 3_000_000; // includes waiting for another world to finish (one runs at a time)
const RUN_MS = 1_800_000;

describe('fault: PostgreSQL restarted mid-run', () => {
  let pg: OwnPostgres;
  let world: SyncWorld;
  let t: SyncTenant;

  beforeAll(async () => {
    pg = await OwnPostgres.start();
    world = await startFaultWorld({ database: pg.database });
    await startWorkerPatiently(world);
    t = await world.pairTenant('NZ');
  }, SETUP_MS);
  afterAll(async () => {
    await pg?.up().catch(() => undefined); // the world pauses its integrations as it closes
    await world?.close();
    await pg?.close();
  });

  const event = {
    resourceId: randomUUID(),
    eventDateUtc: '2026-11-30T10:00:01.000',
    eventType: 'UPDATE',
    eventCategory: 'CONTACT',
    tenantType: 'ORGANISATION',
  };
  /** One webhook delivery, the same bytes each time Xero retries it: its status (0 if no answer). */
  async function deliverWebhook(): Promise<number> {
    const body = JSON.stringify({
      events: [{ ...event, tenantId: t.org.tenantId }],
      firstEventSequence: 1,
      lastEventSequence: 1,
    });
    const signature = createHmac('sha256', world.app.webhookKey).update(Buffer.from(body)).digest('base64');
    return fetch(`${world.api.url}/api/xero/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
      body,
      signal: AbortSignal.timeout(30_000),
    }).then(
      (r) => r.status,
      () => 0,
    );
  }

  it(
    `completes ${INVOICES} invoices, each once in Xero, across a PostgreSQL restart; the api answers 503 meanwhile`,
    async () => {
      const seeded = await seedAndEnable(world, t, CUSTOMERS, INVOICES);
      const at = await world
        .probe('the first invoices linked', { timeoutMs: 900_000, stallMs: 300_000 })
        .until(async () => {
          const n = await linkedInvoices(world, t, seeded);
          return { done: n > 0 ? n : undefined, progress: { n, counts: await world.pending(t) } };
        });
      await pg.down();
      const downAt = Date.now();
      // The outage is seen: both processes say they are not ready (and neither exits).
      await waitFor('the worker to report PostgreSQL down', 120_000, async () =>
        (await readiness(world.worker.url)) === 503 ? true : undefined,
      );
      await waitFor('the api to report PostgreSQL down', 120_000, async () =>
        (await readiness(world.api.url)) === 503 ? true : undefined,
      );
      const tenant = await waitFor('a signed-in route to answer 503', 120_000, async () => {
        const res = await read(world.asXeroWorld, t.admin, '/api/tenant');
        return res.status === 503 ? res : undefined;
      });
      expect(tenant.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(JSON.stringify(tenant.body)).not.toMatch(/ECONN|terminat|\.ts:\d+/);
      // Xero gets no 2xx, so it delivers again later
      const refused = await deliverWebhook();
      expect(refused).toBeGreaterThanOrEqual(500);
      await waitFor('the outage to have lasted', DOWN_MS + 60_000, () =>
        Promise.resolve(Date.now() - downAt >= DOWN_MS ? true : undefined),
      );
      expect(world.workerAlive()).toBe(true);
      await pg.up();
      await waitFor('the worker to be ready again', 300_000, async () =>
        (await readiness(world.worker.url)) === 200 ? true : undefined,
      );
      await waitFor('the api to be ready again', 300_000, async () =>
        (await readiness(world.api.url)) === 200 ? true : undefined,
      );
      // Xero's retry of the refused delivery, and one more: stored once
      expect(await deliverWebhook()).toBe(200);
      expect(await deliverWebhook()).toBe(200);
      const stored = await world.owner.query(
        `SELECT count(*)::int AS n FROM xero_webhook_inbox WHERE resource_id = $1`,
        [event.resourceId],
      );
      expect(stored).toEqual([{ n: 1 }]);
      expect(at).toBeLessThan(INVOICES);
      await waitSettled(world, t, seeded, { timeoutMs: 1_200_000, stallMs: 300_000 });
      await expectAgreement(world, t, seeded);
    },
    RUN_MS,
  );
});
