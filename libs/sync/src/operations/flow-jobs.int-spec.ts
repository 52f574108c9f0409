import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { OutboxJobProducer } from '#lb/queues';
import { createTenant, runtimeDataSource } from '#lb/testing';
import { bullPriorityOf, LANES } from '../pending/lanes';
import { pollPriorityOf, requestPoll } from '../triggers/poll-jobs';
import { runFlowNow } from './flow-jobs';

// A flow switched on reads everything X3 holds for the company: one tenant's initial load. The
// fairness bench found it queued at the interactive lane (Bull priority 1, ahead of every other
// tenant's polls and drains) under an id of its own, so the sweep's first poll read the same
// 16,000 invoices a second time beside it.
describe('switching a flow on (runFlowNow): its jobs in the outbox', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  let jobs: OutboxJobProducer;

  beforeAll(async () => {
    ds = await runtimeDataSource(2);
    tx = new TenantTransactions(ds);
    // Its own outbox lane: no relay of another suite moves these rows into a Redis.
    jobs = new OutboxJobProducer(ds, tx, `flow-jobs-test-${randomUUID()}`);
  });
  afterAll(() => ds?.destroy());

  const outbox = (tenantId: string) =>
    tx.run(tenantId, (m) =>
      m.query<Array<{ job: string; job_id: string | null; priority: number | null }>>(
        `SELECT job_name AS job, job_id, priority FROM job_outbox ORDER BY id`,
      ),
    );

  it("reads and drains at the polling lane, under the flow's one poll id (the sweep's poll is absorbed)", async () => {
    const tenantId = await createTenant(tx);
    const scope = { integrationId: randomUUID(), flowKey: 'invoices' };
    await tx.run(tenantId, async (m) => {
      await runFlowNow(jobs, m, tenantId, scope, true);
      // the sweep, a second later: the flow has never polled, so its poll is due
      await requestPoll(jobs, tenantId, scope, LANES.polling, m);
    });
    const rows = await outbox(tenantId);
    const polls = rows.filter((r) => r.job === 'poll-x3');
    expect(polls).toEqual([
      { job: 'poll-x3', job_id: `poll-x3:${scope.integrationId}:invoices`, priority: pollPriorityOf(LANES.polling) },
      { job: 'poll-x3', job_id: `poll-x3:${scope.integrationId}:invoices`, priority: pollPriorityOf(LANES.polling) },
    ]);
    expect(rows.filter((r) => r.job === 'drain')).toEqual([
      { job: 'drain', job_id: `drain:${scope.integrationId}:invoices`, priority: bullPriorityOf(LANES.polling) },
    ]);
  });

  it('a xero-to-x3 flow gets its drain only', async () => {
    const tenantId = await createTenant(tx);
    const scope = { integrationId: randomUUID(), flowKey: 'payments' };
    await tx.run(tenantId, (m) => runFlowNow(jobs, m, tenantId, scope, false));
    expect(await outbox(tenantId)).toEqual([
      { job: 'drain', job_id: `drain:${scope.integrationId}:payments`, priority: bullPriorityOf(LANES.polling) },
    ]);
  });
});
