/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import { SYNC_JOB_OPTIONS } from '#lb/queues';
import { loadDrainContext } from '../drain/drain-context';
import { setFlowPauseReason } from '../operations/pause-reasons';
import { LANES, PendingChanges } from '../pending';
import { SyncSweep } from './sync-sweep';
import { startTriggerWorld, TriggerWorld, x3Flow } from './trigger-test-world';

describe('the sync sweep (PostgreSQL, security-definer doors)', () => {
  let w: TriggerWorld;
  let sweep: SyncSweep;

  beforeAll(async () => {
    w = await startTriggerWorld();
    sweep = new SyncSweep(w.ds, w.jobs);
  });
  afterAll(() => w?.close());

  /** The jobs this tenant has in the outbox (other suites' tenants may be swept too: RLS keeps them out). */
  const outbox = (tenantId: string) =>
    w.tx.run(tenantId, (m) =>
      m.query<Array<{ job: string; job_id: string; priority: number }>>(
        `SELECT job_name AS job, job_id, priority FROM job_outbox ORDER BY id`,
      ),
    );

  const bothWaysFlow = () => ({
    ...x3Flow('customer'),
    direction: 'both-ways' as const,
    steps: [
      { kind: 'transform' as const, mapping: { direction: 'x3-to-xero' as const, version: 'active' as const } },
      { kind: 'transform' as const, mapping: { direction: 'xero-to-x3' as const, version: 'active' as const } },
      { kind: 'action' as const, action: 'upsert' as const },
    ],
  });

  /**
   * The polls these tests time: every 100 s, so "not due yet" holds on a machine that takes
   * seconds between two statements (CI once took over 5 s between two sweeps of a 5 s flow).
   */
  const EVERY = 100;
  const timedFlow = () => x3Flow('customer', {}, { kind: 'x3-poll', everySeconds: EVERY });

  async function flowOn(flowKey: string, document = timedFlow()) {
    const t = await w.integration('FR10');
    await w.flows.save(t.tenantId, t.integrationId, flowKey, document, { authorUserId: null });
    return t;
  }

  it('queues a due poll once with two sweeps racing, and not again before its interval', async () => {
    const t = await flowOn('customers');
    await Promise.all([sweep.run(), sweep.run(), sweep.run()]);
    const jobs = (await outbox(t.tenantId)).filter((j) => j.job === 'poll-x3');
    expect(jobs).toEqual([{ job: 'poll-x3', job_id: `poll-x3:${t.integrationId}:customers`, priority: 4 }]);
    await sweep.run();
    expect((await outbox(t.tenantId)).filter((j) => j.job === 'poll-x3')).toHaveLength(1);
  });

  const failuresOf = async (tenantId: string) =>
    (
      await w.tx.run(tenantId, (m) =>
        m.query<Array<{ n: number }>>(
          `SELECT poll_failures AS n FROM sync_poll_schedules WHERE flow_key = 'customers'`,
        ),
      )
    )[0]?.n;
  /** The flow's last poll and last claim were `seconds` ago. */
  const lastRunAgo = (tenantId: string, seconds: number) =>
    w.tx.run(tenantId, async (m) => {
      const at = `now() - interval '${seconds} seconds'`;
      await m.query(`UPDATE sync_poll_schedules SET enqueued_at = ${at} WHERE flow_key = 'customers'`);
      await m.query(`UPDATE sync_flow_cursors SET polled_at = ${at} WHERE flow_key = 'customers'`);
    });
  const queuedPolls = async (tenantId: string) => (await outbox(tenantId)).filter((j) => j.job === 'poll-x3');

  async function downFlow() {
    const down = await w.integration('FR10', 'http://127.0.0.1:1');
    await w.flows.save(down.tenantId, down.integrationId, 'customers', timedFlow(), { authorUserId: null });
    return { ...down, scope: { integrationId: down.integrationId, flowKey: 'customers' } };
  }

  it("backs off a flow whose X3 polls fail (interval × 2^failures); other flows' polls keep their interval; a poll that works resets it", async () => {
    const down = await downFlow();
    // two polls claimed by the sweep, both failing: two failures in a row
    for (let i = 0; i < 2; i++) {
      await lastRunAgo(down.tenantId, 3600);
      await sweep.run();
      await expect(w.poll.poll(down.tenantId, down.scope, { lane: LANES.polling })).rejects.toThrow();
    }
    expect(await failuresOf(down.tenantId)).toBe(2);
    const before = (await queuedPolls(down.tenantId)).length;
    expect(before).toBe(2);
    const healthy = await flowOn('customers');
    await w.poll.poll(
      healthy.tenantId,
      { integrationId: healthy.integrationId, flowKey: 'customers' },
      { lane: LANES.polling },
    );
    const queued = async (tenantId: string) => (await queuedPolls(tenantId)).length;
    // 120 s after their last run: the healthy flow (every 100 s) is due, the failing one waits 100 × 2² = 400 s
    await lastRunAgo(down.tenantId, 120);
    await lastRunAgo(healthy.tenantId, 120);
    await sweep.run();
    expect([(await queued(down.tenantId)) - before, await queued(healthy.tenantId)]).toEqual([0, 1]);
    await lastRunAgo(down.tenantId, 420);
    await sweep.run();
    expect((await queued(down.tenantId)) - before).toBe(1);
    // and below the healthy flows' polls (4): its attempts may each wait out a timeout
    const priorities = async (tenantId: string) => (await queuedPolls(tenantId)).map((j) => j.priority);
    expect([(await priorities(down.tenantId)).slice(before), await priorities(healthy.tenantId)]).toEqual([[5], [4]]);
    // X3 answers again: the next poll that works puts the flow back on its interval
    await w.tx.run(healthy.tenantId, (m) =>
      m.query(`UPDATE sync_poll_schedules SET poll_failures = 3, poll_failed_at = now()`),
    );
    await w.poll.poll(
      healthy.tenantId,
      { integrationId: healthy.integrationId, flowKey: 'customers' },
      { lane: LANES.polling },
    );
    expect(await failuresOf(healthy.tenantId)).toBe(0);
  });

  it('counts one failure per claim of the sweep, not per retry of its poll: a flow whose X3 was down a minute is due again within seconds', async () => {
    // Counted per attempt (Bull's retries of the claimed poll, the wide re-read beside it), two
    // claims made 3 + 1 + 3 failures: a wait of 2⁷ intervals, capped at 30 minutes, after X3 came back.
    const down = await downFlow();
    const failClaimedPoll = async (withWide: boolean) => {
      for (let i = 0; i < (SYNC_JOB_OPTIONS.attempts ?? 1); i++)
        await expect(w.poll.poll(down.tenantId, down.scope, { lane: LANES.polling })).rejects.toThrow();
      if (withWide)
        await expect(w.poll.poll(down.tenantId, down.scope, { lane: LANES.polling, window: 'wide' })).rejects.toThrow();
    };
    await sweep.run();
    expect(await queuedPolls(down.tenantId)).toHaveLength(1);
    await failClaimedPoll(true);
    expect(await failuresOf(down.tenantId)).toBe(1);
    await lastRunAgo(down.tenantId, 220); // 100 × 2¹ s
    await sweep.run();
    expect(await queuedPolls(down.tenantId)).toHaveLength(2);
    await failClaimedPoll(false);
    expect(await failuresOf(down.tenantId)).toBe(2);
    // due again 100 × 2² = 400 s after its last claim
    await lastRunAgo(down.tenantId, 360);
    await sweep.run();
    expect(await queuedPolls(down.tenantId)).toHaveLength(2);
    await lastRunAgo(down.tenantId, 420);
    await sweep.run();
    expect(await queuedPolls(down.tenantId)).toHaveLength(3);
  });

  it('a poll that just ran is not due; one whose interval passed is queued again', async () => {
    const t = await flowOn('customers');
    await w.poll.poll(t.tenantId, { integrationId: t.integrationId, flowKey: 'customers' }, { lane: LANES.polling });
    await sweep.run();
    expect((await outbox(t.tenantId)).filter((j) => j.job === 'poll-x3')).toEqual([]);
    await w.tx.run(t.tenantId, (m) =>
      m.query(`UPDATE sync_flow_cursors SET polled_at = now() - interval '120 seconds' WHERE flow_key = 'customers'`),
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

  it('leaves a flow paused on its own (the plan does not include it) unpolled and undrained, its sibling running, until the pause goes', async () => {
    const t = await flowOn('customers');
    await w.flows.save(t.tenantId, t.integrationId, 'suppliers', x3Flow('supplier'), { authorUserId: null });
    await w.flows.save(t.tenantId, t.integrationId, 'both', bothWaysFlow(), { authorUserId: null });
    await w.tx.run(t.tenantId, async (m) => {
      for (const flowKey of ['customers', 'both']) {
        await setFlowPauseReason(m, { integrationId: t.integrationId, flowKey }, 'billing', true);
      }
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
    // only the sibling is polled; the paused flow's waiting change is neither drained nor lost
    expect((await outbox(t.tenantId)).map((j) => j.job_id)).toEqual([`poll-x3:${t.integrationId}:suppliers`]);
    const scope = { integrationId: t.integrationId, flowKey: 'customers' };
    expect(await w.tx.run(t.tenantId, (m) => loadDrainContext(m, scope))).toEqual({
      kind: 'idle',
      reason: 'flow paused (billing)',
    });
    await expect(w.poll.poll(t.tenantId, scope, { lane: LANES.polling })).resolves.toEqual({
      status: 'skipped',
      reason: 'paused',
    });
    // the pause goes: the next sweep polls it, starts its sibling's Xero chain and drains what waited
    await w.tx.run(t.tenantId, async (m) => {
      for (const flowKey of ['customers', 'both']) {
        expect(await setFlowPauseReason(m, { integrationId: t.integrationId, flowKey }, 'billing', false)).toEqual([]);
      }
    });
    await sweep.run();
    const jobs = (await outbox(t.tenantId)).map((j) => j.job_id);
    expect(jobs).toEqual(
      expect.arrayContaining([
        `poll-x3:${t.integrationId}:customers`,
        `drain:${t.integrationId}:customers`,
        expect.stringMatching(`^poll-xero:${t.integrationId}:both:`),
      ]),
    );
    const [left] = await w.tx.run(t.tenantId, (m) =>
      m.query(`SELECT state FROM sync_pending_changes WHERE source_key = 'AU001'`),
    );
    expect(left.state).toBe('pending');
  });

  it('starts a Xero poll chain once (racing sweeps), and again only after the flow went silent', async () => {
    const t = await flowOn('customers', bothWaysFlow());
    await Promise.all([sweep.run(), sweep.run(), sweep.run()]);
    const xero = async () => (await outbox(t.tenantId)).filter((j) => j.job === 'poll-xero');
    expect(await xero()).toEqual([
      { job: 'poll-xero', job_id: expect.stringMatching(`^poll-xero:${t.integrationId}:customers:`), priority: null },
    ]);
    // The chain runs (its poll saved a Xero cursor): the sweep leaves it alone.
    await w.tx.run(t.tenantId, (m) =>
      m.query(
        `INSERT INTO sync_flow_cursors (tenant_id, integration_id, flow_key, side, cursor, polled_at)
         VALUES ($1, $2, 'customers', 'xero', '{}', now())`,
        [t.tenantId, t.integrationId],
      ),
    );
    await w.tx.run(t.tenantId, (m) =>
      m.query(`UPDATE sync_poll_schedules SET xero_enqueued_at = now() - interval '2 hours'`),
    );
    await sweep.run();
    expect(await xero()).toHaveLength(1);
    // Silent for two hours: started again.
    await w.tx.run(t.tenantId, (m) =>
      m.query(`UPDATE sync_flow_cursors SET polled_at = now() - interval '2 hours' WHERE side = 'xero'`),
    );
    await sweep.run();
    expect(await xero()).toHaveLength(2);
  });

  it('a new flow gets its Xero chain even when the batch is full of flows claimed before', async () => {
    // Batches of one: a flow claimed by one sweep must not take the next sweep's only place
    // (the claims were limited before the recent ones were skipped: a new flow waited forever).
    const narrow = new SyncSweep(w.ds, w.jobs, 1);
    const a = await flowOn('customers', bothWaysFlow());
    const b = await flowOn('customers', bothWaysFlow());
    const started = async (tenantId: string) =>
      (await outbox(tenantId)).filter((j) => j.job === 'poll-xero').length > 0;
    // Other suites' flows may be claimed too; each sweep claims one not claimed before.
    for (let i = 0; i < 500 && !((await started(a.tenantId)) && (await started(b.tenantId))); i++) {
      const r = await narrow.run();
      if (r.xeroPolls === 0) break;
    }
    expect([await started(a.tenantId), await started(b.tenantId)]).toEqual([true, true]);
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
    // The every-second sweep queues due polls only; the safety nets wait for the full one.
    await sweep.run({ full: false });
    expect(await outbox(t.tenantId)).toEqual([]);
    await sweep.run();
    expect(await outbox(t.tenantId)).toEqual([
      { job: 'drain', job_id: `drain:${t.integrationId}:customers`, priority: 3 },
    ]);
  });

  it('the runtime role reaches the schedules only through the doors: no tenant context, no rows', async () => {
    await expect(w.ds.query(`SELECT count(*) FROM sync_poll_schedules`)).rejects.toThrow(/app.tenant_id|tenant/);
  });
});
