/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import { LANES, PendingChanges } from '../pending';
import { SyncSweep } from './sync-sweep';
import { startTriggerWorld, TriggerWorld, x3Flow } from './trigger-test-world';

jest.setTimeout(120_000);

describe('the sync sweep (PostgreSQL, security-definer doors)', () => {
  let w: TriggerWorld;
  let sweep: SyncSweep;

  beforeAll(async () => {
    w = await startTriggerWorld();
    sweep = new SyncSweep(w.ds, w.jobs);
  }, 120_000);
  afterAll(() => w?.close());

  /** The jobs this tenant has in the outbox (other suites' tenants may be swept too: RLS keeps them out). */
  const outbox = (tenantId: string) =>
    w.tx.run(tenantId, (m) =>
      m.query<Array<{ job: string; job_id: string; priority: number }>>(
        `SELECT job_name AS job, job_id, priority FROM job_outbox ORDER BY id`,
      ),
    );

  async function flowOn(flowKey: string, document = x3Flow('customer')) {
    const t = await w.integration('FR10');
    await w.flows.save(t.tenantId, t.integrationId, flowKey, document, { authorUserId: null });
    return t;
  }

  it('queues a due poll once with two sweeps racing, and not again before its interval', async () => {
    const t = await flowOn('customers');
    await Promise.all([sweep.run(), sweep.run(), sweep.run()]);
    const jobs = (await outbox(t.tenantId)).filter((j) => j.job === 'poll-x3');
    expect(jobs).toEqual([{ job: 'poll-x3', job_id: `poll-x3:${t.integrationId}:customers`, priority: 3 }]);
    await sweep.run();
    expect((await outbox(t.tenantId)).filter((j) => j.job === 'poll-x3')).toHaveLength(1);
  });

  it('a poll that just ran is not due; one whose interval passed is queued again', async () => {
    const t = await flowOn('customers');
    await w.poll.poll(t.tenantId, { integrationId: t.integrationId, flowKey: 'customers' }, { lane: LANES.polling });
    await sweep.run();
    expect((await outbox(t.tenantId)).filter((j) => j.job === 'poll-x3')).toEqual([]);
    await w.tx.run(t.tenantId, (m) =>
      m.query(`UPDATE sync_flow_cursors SET polled_at = now() - interval '6 seconds' WHERE flow_key = 'customers'`),
    );
    await sweep.run();
    expect((await outbox(t.tenantId)).filter((j) => j.job === 'poll-x3')).toHaveLength(1);
  });

  it('leaves paused integrations, disabled flows and flows without an X3 poll trigger alone', async () => {
    const paused = await flowOn('customers');
    await w.tx.run(paused.tenantId, (m) =>
      m.query(`UPDATE integrations SET pause_reasons = '{billing}' WHERE id = $1`, [paused.integrationId]),
    );
    const disabled = await flowOn('customers', { ...x3Flow('customer'), enabled: false });
    const manual = await flowOn('customers', { ...x3Flow('customer'), trigger: { kind: 'manual' } });
    await sweep.run();
    for (const t of [paused, disabled, manual]) expect(await outbox(t.tenantId)).toEqual([]);
  });

  it('asks for a drain of changes left waiting by a lost trigger', async () => {
    const t = await flowOn('customers', { ...x3Flow('customer'), trigger: { kind: 'manual' } });
    await w.tx.run(t.tenantId, async (m) => {
      await new PendingChanges().accept(m, t.tenantId, [
        {
          integrationId: t.integrationId,
          flowKey: 'customers',
          entity: 'customer',
          direction: 'x3-to-xero',
          sourceKey: 'AU001',
          lane: LANES.polling,
          source: null,
        },
      ]);
      await m.query(`UPDATE sync_pending_changes SET available_at = now() - interval '1 minute'`);
    });
    await sweep.run();
    expect(await outbox(t.tenantId)).toEqual([
      { job: 'drain', job_id: `drain:${t.integrationId}:customers`, priority: 3 },
    ]);
  });

  it('the runtime role reaches the schedules only through the doors: no tenant context, no rows', async () => {
    await expect(w.ds.query(`SELECT count(*) FROM sync_poll_schedules`)).rejects.toThrow(/app.tenant_id|tenant/);
  });
});
