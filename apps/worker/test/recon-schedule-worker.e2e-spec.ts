// Scheduled reconciliation wired end to end in processes: a schedule set over the api, its hour
// come (next_run_at moved into the past, as the clock would), the worker's repeatable sweep queues
// the run and the worker runs it to done with the planted difference found, and the schedule's
// next run moves past now (the sweep queuing nothing twice is recon-schedules.int-spec.ts).
import { DataSource } from 'typeorm';
import { eventually, isolatedDatabase, ownerDataSource, SuiteDatabase } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { Member, pairByHand, signedUpOwner } from '../../api/test/flows-world';
import { change, read, startXeroWorld, XeroWorld } from '../../api/test/xero-world';
import { startWorker, stopWorker, WorkerProcess, xeroWorldEnv } from './worker-harness';

describe('scheduled reconciliation through the api and the worker', () => {
  let world: XeroWorld;
  let worker: WorkerProcess | undefined;
  let owner: DataSource;
  let db: SuiteDatabase;
  let admin: Member;
  let tenantId: string;
  let integrationId: string;

  beforeAll(async () => {
    const redisUrl = await isolatedRedisUrl();
    db = await isolatedDatabase();
    const env = { DATABASE_URL: db.urls.DATABASE_URL, REDIS_URL: redisUrl, ALLOW_PRIVATE_TARGETS: 'true' };
    world = await startXeroWorld(env, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }));
    worker = await startWorker({
      ...env,
      // only the reconciliation scheduler: no sync sweep or alert evaluator competing for the worker
      SYNC_SWEEP: 'off',
      RECON_SCHEDULER: 'on',
      RECON_SCHEDULE_EVERY_MS: '1000',
      ...xeroWorldEnv(world),
    });
    owner = await ownerDataSource(db.urls.DATABASE_OWNER_URL);
    admin = await signedUpOwner(world, 'recon-schedule');
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    integrationId = (await pairByHand(world, admin)).integrationId;
  });
  afterAll(async () => {
    await owner?.destroy();
    await stopWorker(worker);
    await world?.close();
    await db?.drop();
  });

  const seedCopy = (side: 'x3' | 'xero', number: string, total: string) =>
    owner.query(
      `INSERT INTO recon_documents (tenant_id, integration_id, side, entity, record_key, match_key, counterparty,
         document_date, currency, total, amount_due, status, seen_at)
       VALUES ($1, $2, $3, 'invoice', $4, $5, 'C001', '2026-11-20', 'NZD', $6, $6, 'authorised', now())`,
      [tenantId, integrationId, side, `${side}-${number}`, number, total],
    );

  it('queues the run when its hour comes and the worker runs it to done', async () => {
    await seedCopy('x3', 'INV-1', '100.00');
    await seedCopy('xero', 'INV-1', '100.00');
    await seedCopy('x3', 'INV-2', '250.00');
    await seedCopy('xero', 'INV-2', '205.00');
    const base = `/api/integrations/${integrationId}/reconciliation`;
    const set = await change(world, admin.browser, 'PUT', `${base}/schedule`, {
      cadence: 'daily',
      hourUtc: 0,
      enabled: true,
    });
    expect(set.status).toBe(200);
    expect((await read(world, admin.browser, `${base}/runs`)).body).toEqual([]);

    // the hour comes (midnight UTC today), so the run reconciles as of yesterday
    const dayBefore = (t: number) => new Date(t - 86_400_000).toISOString().slice(0, 10);
    const before = dayBefore(Date.now());
    await owner.query(`UPDATE recon_schedules SET next_run_at = date_trunc('day', now()) WHERE integration_id = $1`, [
      integrationId,
    ]);
    const run = await eventually('the scheduled run done', async () => {
      const runs = (await read(world, admin.browser, `${base}/runs`)).body as Array<{
        id: string;
        state: string;
        asOf: string;
      }>;
      return runs.length === 1 && runs[0].state === 'done' ? runs[0] : undefined;
    });
    expect(run).toMatchObject({ requestedByUserId: null, counts: { compared: 2, amount: 1 } });
    expect([before, dayBefore(Date.now())]).toContain(run.asOf); // midnight may pass meanwhile
    const schedule = (await read(world, admin.browser, `${base}/schedule`)).body.schedule;
    expect(schedule).toMatchObject({ lastRunId: run.id });
    expect(new Date(schedule.nextRunAt).getTime()).toBeGreaterThan(Date.now());
  });

  // The worker plugs the GL comparison into its runs: X3's journal entries and Xero's Trial Balance
  // and chart read through the integration's own connections. January 2030: neither sandbox holds a
  // posting in it, so nothing moved on either side; the receivable control account is mapped to the
  // code Xero's chart marks DEBTORS (read by the worker: the comparison's account map shows it).
  it('compares the general ledger in its runs once the ledger settings are set', async () => {
    const base = `/api/integrations/${integrationId}/reconciliation`;
    const settings = { inStepFrom: '2030-01-01', receivableAccounts: ['610'], payableAccounts: [] };
    expect((await change(world, admin.browser, 'PUT', `${base}/ledger-settings`, settings)).status).toBe(200);
    const started = await change(world, admin.browser, 'POST', `${base}/runs`, { asOf: '2030-01-31' });
    expect(started.status).toBe(202);
    const view = await eventually('the run with its GL done', async () => {
      const r = await read(world, admin.browser, `${base}/runs/${started.body.id}`);
      return ['done', 'failed'].includes(r.body.run?.state) ? r.body : undefined;
    });
    expect(view.run).toMatchObject({ state: 'done', failure: null, counts: { glAccounts: 0 } });
    expect(view.ledger).toMatchObject({
      asOf: '2030-01-31',
      inStepFrom: '2030-01-01',
      monthFrom: '2030-01-01',
      lines: [],
      monthLines: [],
    });
    // the NZ demo organisation's Accounts Receivable is 610 (seed-charts.ts)
    expect(view.ledger.accountMap).toEqual({ '610': '610' });
  });
});
