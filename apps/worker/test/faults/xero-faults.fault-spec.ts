// Fault (d): Xero misbehaves while invoices move: 5xx answers, a call that hangs past our deadline,
// a write whose reply is lost after Xero saved it, a storm of 429s (the minute limit forced for
// a Xero hour), then the day limit hit for a Xero hour, on a scaled clock. Every fault must be
// taken by a real call, each limit obeyed (Xero's own call log shows no hammering while it is
// closed), and afterwards both sandboxes' stores agree: nothing lost, nothing twice.
import { control as xeroControl } from '../../../sandbox/src/xero/testing/sandbox-harness';
import { SyncTenant, SyncWorld } from '../sync-world';
import {
  expectAgreement,
  startWorkerPatiently,
  linkedInvoices,
  seedAndEnable,
  startFaultWorld,
  waitFor,
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
/** Our calls in flight at once (XERO_CONCURRENCY_LIMIT): at most these can meet a 429 before we park. */
const CONCURRENCY = 5;

/** One Accounting API call as the sandbox's rate limiter logged it (GET /calls). */
interface LoggedCall {
  seq: number;
  clientId: string;
  startMs: number;
  status: number | null;
  problem?: string;
}

describe('fault: Xero 5xx, timeouts, lost replies, 429 storms and the day limit', () => {
  let world: SyncWorld;
  let t: SyncTenant;

  const xero = (method: string, path: string, body?: unknown) => xeroControl(world.sandbox, t.org, method, path, body);
  const armed = async () => ((await xero('GET', '/faults')).body as { faults: unknown[] }).faults.length;
  /** Our app's calls to the organisation as Xero saw them: the far side's record, not our meters. */
  const ourCalls = async () => {
    const page = (await xero('GET', '/calls?after=0&limit=50000')).body as { calls: LoggedCall[]; dropped: number };
    expect(page.dropped).toBe(0);
    return page.calls.filter((c) => c.clientId === world.app.clientId);
  };

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
      const seeded = await seedAndEnable(world, t, CUSTOMERS, INVOICES);
      // A storm of 429s for a Xero hour (a real minute) from our first call on: armed on a call seen,
      // not on a guess of when the flows start (a loaded machine took longer than a shorter storm).
      await waitFor('our first call to Xero', 900_000, async () => ((await ourCalls()).length > 0 ? true : undefined));
      expect((await xero('POST', '/rate-limit', { problem: 'minute', seconds: 3600 })).status).toBe(201);

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
      // Both limits were met, and obeyed: once Xero said 429 the organisation was parked for its
      // Retry-After, so only calls already in flight then were refused — no hammering a closed window.
      const calls = await ourCalls();
      const refused = (problem: string) => calls.filter((c) => c.status === 429 && c.problem === problem).length;
      const summary = { calls: calls.length, minute: refused('minute'), day: refused('day') };
      process.stderr.write(`xero-faults: our calls as Xero logged them ${JSON.stringify(summary)}\n`);
      expect(summary.minute).toBeGreaterThan(0);
      expect(summary.minute).toBeLessThanOrEqual(CONCURRENCY);
      expect(summary.day).toBeGreaterThan(0);
      expect(summary.day).toBeLessThanOrEqual(CONCURRENCY);
    },
    RUN_MS,
  );
});
