// Scheduled reconciliation against real PostgreSQL: the sweep queues a run for each due schedule
// (as of the closed day before, its job in the outbox in the same transaction) and moves the next
// run on; nothing is queued before the hour, for a disabled schedule, or while the last run is
// still in the worker's hands; one tenant's sweep never touches another tenant's schedule.
import { DataSource } from 'typeorm';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { OutboxJobProducer } from '#lb/queues';
import { ownerDataSource, runtimeDataSource } from '#lb/testing';
import { TenantWithIntegration, tenantWithIntegration } from '../../../sync/src/testing/integration-fixture';
import { ReconciliationNotFoundError } from '../reconciliations.service';
import { ReconRun } from '../runs/recon-run.entity';
import { ReconSchedules } from './recon-schedules.service';

describe('scheduled reconciliation runs', () => {
  let ds: DataSource;
  let owner: DataSource;
  let tx: TenantTransactions;
  let jobs: OutboxJobProducer;
  let clock: Date;
  let schedules: ReconSchedules;
  let t: TenantWithIntegration;
  const lane = `recon-schedules-${Date.now()}`;

  beforeAll(async () => {
    ds = await runtimeDataSource();
    owner = await ownerDataSource();
    tx = new TenantTransactions(ds);
    jobs = new OutboxJobProducer(ds, tx, lane);
  });
  afterAll(async () => {
    await ds?.destroy();
    await owner?.destroy();
  });
  beforeEach(async () => {
    clock = new Date('2026-12-02T10:00:00Z'); // a Wednesday
    schedules = new ReconSchedules(tx, jobs, () => clock);
    t = await tenantWithIntegration(tx);
  });

  const runs = (who = t) => tx.run(who.tenantId, (m) => m.find(ReconRun, { order: { createdAt: 'ASC' } }));
  const queuedJobs = async (runId: string) =>
    (await owner.query(`SELECT 1 FROM job_outbox WHERE job_name = 'reconcile-run' AND payload->>'runId' = $1`, [runId]))
      .length;

  it('queues a run at the hour, as of the closed day before, and moves the next run on', async () => {
    const set = await schedules.set(t.tenantId, t.integrationId, { cadence: 'daily', hourUtc: 6, enabled: true }, null);
    expect(set.nextRunAt.toISOString()).toBe('2026-12-03T06:00:00.000Z');
    expect(await schedules.queueDue(t.tenantId)).toEqual({ queued: 0, skippedBusy: 0, skippedPlan: 0 });

    clock = new Date('2026-12-03T06:00:30Z');
    expect(await schedules.queueDue(t.tenantId)).toEqual({ queued: 1, skippedBusy: 0, skippedPlan: 0 });
    const [run] = await runs();
    expect(run).toMatchObject({
      integrationId: t.integrationId,
      asOf: '2026-12-02',
      state: 'queued',
      requestedByUserId: null,
    });
    expect(await queuedJobs(run.id)).toBe(1);
    const after = await schedules.get(t.tenantId, t.integrationId);
    expect(after).toMatchObject({ lastRunId: run.id });
    expect(after!.nextRunAt.toISOString()).toBe('2026-12-04T06:00:00.000Z');
    // the same sweep again: nothing more is due
    expect(await schedules.queueDue(t.tenantId)).toEqual({ queued: 0, skippedBusy: 0, skippedPlan: 0 });
  });

  it('reconciles the month end on the 1st for a monthly schedule', async () => {
    await schedules.set(t.tenantId, t.integrationId, { cadence: 'monthly', hourUtc: 2, enabled: true }, null);
    clock = new Date('2027-01-01T02:05:00Z');
    await schedules.queueDue(t.tenantId);
    expect((await runs()).map((r) => r.asOf)).toEqual(['2026-12-31']);
  });

  it('does not pile runs up while the last one is still queued or running, and runs once after a long outage', async () => {
    await schedules.set(t.tenantId, t.integrationId, { cadence: 'daily', hourUtc: 6, enabled: true }, null);
    clock = new Date('2026-12-03T07:00:00Z');
    await schedules.queueDue(t.tenantId);
    clock = new Date('2026-12-04T07:00:00Z');
    expect(await schedules.queueDue(t.tenantId)).toEqual({ queued: 0, skippedBusy: 1, skippedPlan: 0 });
    const [first] = await runs();
    await tx.run(t.tenantId, (m) => m.update(ReconRun, { id: first.id }, { state: 'done' }));
    // workers down for a week: one run, then the schedule keeps its hour
    clock = new Date('2026-12-11T09:00:00Z');
    expect(await schedules.queueDue(t.tenantId)).toEqual({ queued: 1, skippedBusy: 0, skippedPlan: 0 });
    expect((await runs()).map((r) => r.asOf)).toEqual(['2026-12-02', '2026-12-10']);
    expect((await schedules.get(t.tenantId, t.integrationId))!.nextRunAt.toISOString()).toBe(
      '2026-12-12T06:00:00.000Z',
    );
  });

  it('queues nothing for a disabled schedule, and nothing after the schedule is removed', async () => {
    await schedules.set(t.tenantId, t.integrationId, { cadence: 'daily', hourUtc: 6, enabled: false }, null);
    clock = new Date('2026-12-05T07:00:00Z');
    expect(await schedules.queueDue(t.tenantId)).toEqual({ queued: 0, skippedBusy: 0, skippedPlan: 0 });
    await schedules.set(t.tenantId, t.integrationId, { cadence: 'daily', hourUtc: 6, enabled: true }, null);
    await schedules.remove(t.tenantId, t.integrationId);
    clock = new Date('2026-12-09T07:00:00Z');
    expect(await schedules.queueDue(t.tenantId)).toEqual({ queued: 0, skippedBusy: 0, skippedPlan: 0 });
    expect(await schedules.get(t.tenantId, t.integrationId)).toBeNull();
    expect(await runs()).toEqual([]);
  });

  it("keeps each tenant to its own: another tenant's integration is not found, its sweep leaves ours alone", async () => {
    const other = await tenantWithIntegration(tx);
    await expect(
      schedules.set(other.tenantId, t.integrationId, { cadence: 'daily', hourUtc: 6, enabled: true }, null),
    ).rejects.toBeInstanceOf(ReconciliationNotFoundError);
    await expect(schedules.get(other.tenantId, t.integrationId)).rejects.toBeInstanceOf(ReconciliationNotFoundError);
    await schedules.set(t.tenantId, t.integrationId, { cadence: 'daily', hourUtc: 6, enabled: true }, null);
    clock = new Date('2026-12-03T06:30:00Z');
    expect(await schedules.queueDue(other.tenantId)).toEqual({ queued: 0, skippedBusy: 0, skippedPlan: 0 });
    expect(await runs()).toEqual([]);
  });

  it("the sweep over every active tenant queues each tenant's due runs in that tenant", async () => {
    const other = await tenantWithIntegration(tx);
    await schedules.set(t.tenantId, t.integrationId, { cadence: 'daily', hourUtc: 6, enabled: true }, null);
    await schedules.set(other.tenantId, other.integrationId, { cadence: 'weekly', hourUtc: 6, enabled: true }, null);
    clock = new Date('2026-12-07T06:10:00Z'); // Monday: both due
    const counts = await schedules.queueDueAll(new SystemAccess(ds));
    expect(counts.failedTenants).toEqual([]);
    expect(counts.queued).toBeGreaterThanOrEqual(2); // other suites' tenants may have schedules too
    expect((await runs()).map((r) => r.asOf)).toEqual(['2026-12-06']);
    expect((await runs(other)).map((r) => [r.integrationId, r.asOf])).toEqual([[other.integrationId, '2026-12-06']]);
  });

  it('queues nothing for a plan without reconciliation (the schedule moves on) and refuses to switch one on', async () => {
    await schedules.set(t.tenantId, t.integrationId, { cadence: 'daily', hourUtc: 6, enabled: true }, null);
    const refusing = new ReconSchedules(
      tx,
      jobs,
      () => clock,
      () => Promise.reject(new Error('plan: no reconciliation')),
    );
    clock = new Date('2026-12-03T06:30:00Z');
    expect(await refusing.queueDue(t.tenantId)).toEqual({ queued: 0, skippedBusy: 0, skippedPlan: 1 });
    expect(await runs()).toEqual([]);
    expect((await refusing.get(t.tenantId, t.integrationId))!.nextRunAt.toISOString()).toBe('2026-12-04T06:00:00.000Z');
    await expect(
      refusing.set(t.tenantId, t.integrationId, { cadence: 'weekly', hourUtc: 1, enabled: true }, null),
    ).rejects.toThrow('plan: no reconciliation');
    // switching it off is always allowed
    await refusing.set(t.tenantId, t.integrationId, { cadence: 'daily', hourUtc: 6, enabled: false }, null);
    expect(await refusing.get(t.tenantId, t.integrationId)).toMatchObject({ enabled: false });
  });
});
