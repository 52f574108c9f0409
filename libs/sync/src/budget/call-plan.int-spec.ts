// The call plan against the real thing: the Xero sandbox over HTTP with a 10-call day, the real
// connector (rate limiter on Redis, X-DayLimit-Remaining fed back), PostgreSQL for the plan row.
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { AccountingApi } from 'xero-node';
import { isXeroCallError, XeroConnector, XeroOrg } from '#lb/connectors/xero';
import { eventually, requireEnv } from '#lb/testing';
import { connectedTenant, harness, Harness } from '../../../connectors/xero/test/connector-harness';
import { SandboxProcess, startSandboxProcess } from '../../../connectors/xero/test/sandbox-process';
import { LANES } from '../pending/lanes';
import { PendingChanges } from '../pending/pending-changes.service';
import { CallCounters } from './call-counters';
import { CallPlans } from './call-plans.service';
import { CallPurpose, DayPlan } from './call-purposes';
import { orgForPurpose } from './purpose-org';

const SANDBOX_DAY = 10;

async function integrationFor(h: Harness, tenantId: string, xeroConnectionId: string): Promise<string> {
  return h.tx.run(tenantId, async (m) => {
    const [secret] = await m.query<Array<{ id: string }>>(
      `INSERT INTO secrets (tenant_id, purpose, key_id, ciphertext) VALUES ($1, 'test', 'k', 'x') RETURNING id`,
      [tenantId],
    );
    const [x3] = await m.query<Array<{ id: string }>>(
      `INSERT INTO x3_connections (tenant_id, name, base_url, endpoint, auth_mode, x3_user, secret_id)
       VALUES ($1, 'X3', 'http://127.0.0.1:1', 'SEED', 'basic', 'admin', $2) RETURNING id`,
      [tenantId, secret.id],
    );
    const [integration] = await m.query<Array<{ id: string }>>(
      `INSERT INTO integrations (tenant_id, name, xero_connection_id, x3_connection_id, x3_company)
       VALUES ($1, 'Plan pair', $2, $3, 'FR01') RETURNING id`,
      [tenantId, xeroConnectionId, x3.id],
    );
    return integration.id;
  });
}

const readOrganisation = (org: XeroOrg) =>
  org.call({ operation: 'get:organisations', isWrite: false }, (api: AccountingApi, t: string) =>
    api.getOrganisations(t),
  );

/** The scheduler's refusal, or null when the call went through. */
async function refusal(org: XeroOrg): Promise<{ kind: string; problem?: string; status?: number } | null> {
  try {
    await readOrganisation(org);
    return null;
  } catch (e) {
    if (!isXeroCallError(e)) throw e;
    return { kind: e.kind, problem: e.problem, status: e.status };
  }
}

describe('call plan against the Xero sandbox (Starter-like day of 10 calls)', () => {
  let sb: SandboxProcess;
  let h: Harness;
  let c: XeroConnector;
  let counters: CallCounters;
  let plans: CallPlans;

  beforeAll(async () => {
    sb = await startSandboxProcess({
      SANDBOX_DATABASE_URL: requireEnv('SANDBOX_DATABASE_URL'),
      SANDBOX_XERO_DAY_LIMIT: String(SANDBOX_DAY),
    });
    h = await harness(sb.url);
    c = h.connector(); // the app's limit stays 5,000: the organisation's own day is learnt from Xero
    counters = new CallCounters(h.redis, 1, `t:xplan:${randomUUID()}`);
    plans = new CallPlans({ limiter: c.limiter, counters, appDayLimit: 5000 });
  });
  afterAll(async () => {
    await h?.close();
    await sb?.stop();
  });

  it('refuses a backfill caller at its reserve while higher purposes still get their calls', async () => {
    const { tenantId, connectionId } = await connectedTenant(h, sb.url, c);
    const integrationId = await integrationFor(h, tenantId, connectionId);
    await h.tx.run(tenantId, (m) => plans.setDayLimit(m, tenantId, integrationId, SANDBOX_DAY));
    const plan: DayPlan = await h.tx.run(tenantId, (m) => plans.planFor(m, integrationId));
    expect(plan).toEqual({ dayLimit: SANDBOX_DAY });
    const org = await c.orgs.forConnection(tenantId, connectionId);
    const as = (purpose: CallPurpose) => orgForPurpose(org, purpose, plan, counters);

    // backfill leaves 40% (4 calls): 6 calls go through, the 7th is refused before reaching Xero
    const backfill = as('backfill');
    let made = 0;
    for (; made < SANDBOX_DAY; made++) {
      const refused = await refusal(backfill);
      if (refused) {
        expect(refused).toEqual({ kind: 'rate-limited', problem: 'day', status: undefined });
        break;
      }
    }
    expect(made).toBe(6);
    let today = await h.tx.run(tenantId, (m) => plans.today(m, integrationId));
    expect(today.remaining).toBe(4);
    const left = Object.fromEntries(today.purposes.map((p) => [p.purpose, p.left]));
    expect(left).toEqual({ interactive: 4, webhook: 3, polling: 2, comparison: 1, reconciliation: 1, backfill: 0 });

    // polling (reserve 2) still gets a call; backfill stays refused
    expect(await refusal(as('polling'))).toBeNull();
    expect(await refusal(backfill)).toMatchObject({ kind: 'rate-limited', problem: 'day' });
    // the user's calls use the rest of the day, then our scheduler refuses before Xero would
    for (let i = 0; i < 3; i++) expect(await refusal(as('interactive'))).toBeNull();
    expect(await refusal(as('interactive'))).toMatchObject({ kind: 'rate-limited', problem: 'day', status: undefined });

    today = await h.tx.run(tenantId, (m) => plans.today(m, integrationId));
    expect(today.remaining).toBe(0);
    const spent = Object.fromEntries(today.purposes.map((p) => [p.purpose, p.spent]));
    expect(spent).toEqual({ interactive: 3, webhook: 0, polling: 1, comparison: 0, reconciliation: 0, backfill: 6 });
  });

  it('pauses and resumes a flow’s backfill lane, per tenant, and shows its ETA', async () => {
    const { tenantId, connectionId } = await connectedTenant(h, sb.url, c);
    const integrationId = await integrationFor(h, tenantId, connectionId);
    const other = await connectedTenant(h, sb.url, c);
    const otherIntegration = await integrationFor(h, other.tenantId, other.connectionId);
    await h.tx.run(tenantId, (m) => plans.pauseBackfill(m, tenantId, integrationId, 'invoices'));
    await h.tx.run(tenantId, (m) => plans.pauseBackfill(m, tenantId, integrationId, 'invoices')); // idempotent
    const paused = (t: string, i: string, flow: string) => h.tx.run(t, (m) => plans.isBackfillPaused(m, i, flow));
    expect(await paused(tenantId, integrationId, 'invoices')).toBe(true);
    expect(await paused(tenantId, integrationId, 'customers')).toBe(false);
    // row-level security: the other tenant neither sees nor changes it
    expect(await paused(other.tenantId, integrationId, 'invoices')).toBe(false);
    await h.tx.run(other.tenantId, (m) => plans.resumeBackfill(m, integrationId, 'invoices'));
    expect(await paused(tenantId, integrationId, 'invoices')).toBe(true);
    expect(await paused(other.tenantId, otherIntegration, 'invoices')).toBe(false);

    // 120 backfill-lane invoices on a fresh 5,000-call day: 3 calls, all within today
    const pending = new PendingChanges();
    await h.tx.run(tenantId, (m) =>
      pending.accept(
        m,
        tenantId,
        Array.from({ length: 120 }, (_, i) => ({
          integrationId,
          flowKey: 'invoices',
          entity: 'invoice' as const,
          direction: 'x3-to-xero' as const,
          sourceKey: `FAC${i}`,
          lane: LANES.backfill,
          source: null,
        })),
      ),
    );
    const status = await h.tx.run(tenantId, (m) => plans.backfill(m, integrationId, 'invoices'));
    expect(status).toMatchObject({ flowKey: 'invoices', paused: true, pending: 120 });
    expect(status.eta).toMatchObject({ calls: 3, callsToday: 3000, callsPerDay: 3000, laterDays: 0, days: 1 });

    await h.tx.run(tenantId, (m) => plans.resumeBackfill(m, integrationId, 'invoices'));
    expect(await paused(tenantId, integrationId, 'invoices')).toBe(false);
  });
});

describe('call counters (real Redis, scaled clock)', () => {
  const redis = new Redis(requireEnv('REDIS_URL'), { maxRetriesPerRequest: 2 });
  afterAll(() => redis.quit());

  it('counts per purpose and day, and a new day starts from zero while yesterday stays readable', async () => {
    const prefix = `t:xplan:${randomUUID()}`;
    const counters = new CallCounters(redis, 86_400 / 10, prefix); // a Xero day lasts 10 s
    const org = randomUUID();
    // start early in a day, so the day is not over before the first assertions
    await eventually('the start of a Xero day', async () =>
      Number((await redis.time())[0]) % 10 < 2 ? true : undefined,
    );
    await counters.spend(org, 'backfill', 5);
    expect(await counters.spend(org, 'backfill')).toBe(6);
    await counters.spend(org, 'webhook');
    expect(await counters.spent(org)).toMatchObject({ backfill: 6, webhook: 1, interactive: 0 });
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys).toHaveLength(1);
    const ttl = await redis.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(counters.dayMs);
    expect(ttl).toBeLessThanOrEqual(2 * counters.dayMs);
    // the next day: today is empty, yesterday holds the counts
    await eventually('the next Xero day', async () => ((await counters.spent(org)).backfill === 0 ? true : undefined));
    expect(await counters.spent(org, 1)).toMatchObject({ backfill: 6, webhook: 1 });
    // and the key goes when that day is over too
    await eventually('the counts to expire', async () => ((await redis.exists(keys[0])) === 0 ? true : undefined));
  });
});
