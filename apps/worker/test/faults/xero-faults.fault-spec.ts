// Fault (d): Xero misbehaves while invoices move: 5xx answers, a call that hangs past our deadline,
// a write whose reply is lost after Xero saved it, a storm of 429s (the minute limit forced for
// two Xero minutes), then the day limit hit for a Xero hour, on a scaled clock. Every fault must be
// taken by a real call, and afterwards both sandboxes' stores agree: nothing lost, nothing twice.
import { control as xeroControl } from '../../../sandbox/src/xero/testing/sandbox-harness';
import { SyncTenant, SyncWorld } from '../sync-world';
import {
  expectAgreement,
  startWorkerPatiently,
  linkedInvoices,
  seedAndEnable,
  startFaultWorld,
  waitSettled,
} from './fault-world';

const CUSTOMERS = 40;
const INVOICES = 300;
/** Xero seconds per real second: the forced day-limit hour passes in a real minute. */
const CLOCK_SCALE = 60;
/** Our deadline on a Xero call (real ms); the hung call is held well past it. */
const CALL_TIMEOUT_MS = 10_000;
/** Backstops only: every wait ends on its condition. */
const SETUP_MS = 3_000_000; // includes waiting for another world to finish (one runs at a time)
const RUN_MS = 1_800_000;

describe('fault: Xero 5xx, timeouts, lost replies, 429 storms and the day limit', () => {
  let world: SyncWorld;
  let t: SyncTenant;

  const xero = (method: string, path: string, body?: unknown) => xeroControl(world.sandbox, t.org, method, path, body);
  const armed = async () => ((await xero('GET', '/faults')).body as { faults: unknown[] }).faults.length;

  beforeAll(async () => {
    world = await startFaultWorld({ clockScale: CLOCK_SCALE, env: { XERO_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS) } });
    await startWorkerPatiently(world);
    t = await world.pairTenant('NZ');
  }, SETUP_MS);
  afterAll(() => world?.close());

  it(
    `completes ${INVOICES} invoices, each once in Xero, through every Xero fault`,
    async () => {
      // Contacts and invoices both meet faults; the lost reply is on an invoice write (a POST).
      const faults = [
        { kind: 'status500', pathContains: '/Contacts', count: 2 },
        { kind: 'status503', pathContains: '/Invoices', count: 2 },
        { kind: 'status500', pathContains: '/Invoices', count: 1 },
        { kind: 'hang', pathContains: '/Invoices', delayMs: CALL_TIMEOUT_MS * 3 },
        { kind: 'dropAfterWrite', pathContains: '/Invoices', method: 'POST' },
      ];
      for (const f of faults) expect((await xero('POST', '/faults', f)).status).toBe(201);
      // A storm of 429s for two Xero minutes from the first call on.
      expect((await xero('POST', '/rate-limit', { problem: 'minute', seconds: 120 })).status).toBe(201);
      const seeded = await seedAndEnable(world, t, CUSTOMERS, INVOICES);

      // Mid-run, once the first invoices are in, the day limit is hit for a Xero hour.
      const at = await world
        .probe('the first invoices linked', { timeoutMs: 900_000, stallMs: 300_000 })
        .until(async () => {
          const n = await linkedInvoices(world, t, seeded);
          return { done: n > 0 ? n : undefined, progress: { n, armed: await armed(), counts: await world.pending(t) } };
        });
      expect(at).toBeLessThan(INVOICES);
      expect((await xero('POST', '/rate-limit', { problem: 'day', seconds: 3600 })).status).toBe(201);

      await waitSettled(world, t, seeded, { timeoutMs: 1_200_000, stallMs: 300_000 });
      await expectAgreement(world, t, seeded);
      // Every armed fault met a real call (a fault nobody met would prove nothing).
      expect((await xero('GET', '/faults')).body).toEqual({ faults: [] });
    },
    RUN_MS,
  );
});
