// Graph flows on the sandboxes (real PostgreSQL and Redis, Xero and X3 over HTTP): a customer walks
// condition → wait for an event → approval → transform → action as a persisted run, parks in
// PostgreSQL, goes on in a fresh drain (another worker), and reaches Xero once approved; timeouts
// take their edges; a lower role, another tenant and a second decision are refused.
import { AuditTrail } from '#lb/accounts';
import { AuditLogEntry } from '#lb/database';
import { X3Record } from '#lb/connectors/sage-x3';
import { eventually } from '#lb/testing';
import {
  control,
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
  x3Records,
  xeroList,
} from '../drain/testing/drain-world';
import { SyncDrain } from '../drain/sync-drain';
import { FlowVersions } from '../flows/flow-versions.service';
import { approvalGraph, graphFlowDocument } from '../flows/testing/graph-documents';
import { LANES } from '../pending/lanes';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { PendingChanges } from '../pending/pending-changes.service';
import { observeFlowEvents, x3EventsOf } from './flow-events';
import { SyncFlowRun } from './flow-run.entity';
import { FlowRunConflictError, FlowRunForbiddenError, FlowRunNotFoundError, FlowRuns } from './flow-runs.service';

jest.setTimeout(300_000);

const pending = new PendingChanges();

describe('graph flow runs on the sandboxes', () => {
  let w: DrainWorld;
  let customers: X3Record[];
  beforeAll(async () => {
    w = await startDrainWorld();
    customers = (await x3Records(w, 'customer')).slice(0, 3);
    expect(customers).toHaveLength(3);
  });
  afterAll(() => stopDrainWorld(w));

  const runs = () => new FlowRuns(w.h.tx, new AuditTrail(), w.jobs);

  /** A fresh organisation whose customers flow is the given graph (saved as the product saves it). */
  const pairWithGraph = async (graph: ReturnType<typeof approvalGraph>): Promise<Pair> => {
    const pair = await pairWithFlows(w, ['customer']);
    await new FlowVersions(w.h.tx).save(
      pair.tenantId,
      pair.integrationId,
      'customers',
      graphFlowDocument('customer', graph),
      {
        authorUserId: null,
      },
    );
    return pair;
  };
  const accept = (pair: Pair, record: X3Record) =>
    w.h.tx.run(pair.tenantId, (m) =>
      pending.accept(m, pair.tenantId, [
        {
          integrationId: pair.integrationId,
          flowKey: 'customers',
          entity: 'customer',
          direction: 'x3-to-xero',
          sourceKey: record._id,
          lane: LANES.polling,
          source: record,
        },
      ]),
    );
  const runOf = (pair: Pair, key: string) =>
    w.h.tx.run(pair.tenantId, (m) => m.findOne(SyncFlowRun, { where: { sourceKey: key } }));
  const changeOf = (pair: Pair, key: string) =>
    w.h.tx.run(pair.tenantId, (m) =>
      m.findOne(SyncPendingChange, { where: { sourceKey: key }, order: { createdAt: 'DESC' } }),
    );
  const contactsOf = async (pair: Pair, key: string) =>
    (await xeroList(w, pair, 'Contacts', 'Contacts')).filter((c) => c.ContactNumber === key);

  it('parks at the wait and the approval, survives a new worker, and reaches Xero once an admin approves', async () => {
    const pair = await pairWithGraph(approvalGraph({ expression: '$exists(_id)', orderField: '_id' }));
    const customer = customers[0];
    await accept(pair, customer);

    await drainUntilQuiet(w, pair, ['customers']);
    const parked = await runOf(pair, customer._id);
    expect(parked).toMatchObject({
      state: 'waiting',
      currentNode: 'shipped',
      waitingFor: `x3:delivery-validated:${customer._id}`,
    });
    // parked until its deadline (an hour): nothing holds it but its row
    const held = await changeOf(pair, customer._id);
    expect(held?.state).toBe('pending');
    // (PostgreSQL's now() is the transaction's start: a claim a little early just parks it again)
    const early = parked!.deadline!.getTime() - held!.availableAt.getTime();
    expect(early >= 0 && early < 60_000).toBe(true);
    expect(await contactsOf(pair, customer._id)).toEqual([]);

    // the event comes in as an accepted page of validated deliveries does (accept-page.ts)
    const events = x3EventsOf('salesDelivery', [{ _id: 'LIV-T1', salesOrder: customer._id, isValidated: true }]);
    expect(
      await w.h.tx.run(pair.tenantId, (m) => observeFlowEvents(m, w.jobs, pair.tenantId, pair.integrationId, events)),
    ).toBe(1);

    // another worker: a drain built afresh, knowing nothing the first one knew
    const restarted = new SyncDrain(w.deps);
    await drainUntilQuiet(w, pair, ['customers'], 30, restarted);
    const awaiting = await runOf(pair, customer._id);
    expect(awaiting).toMatchObject({ state: 'awaiting-approval', currentNode: 'review' });
    expect(await contactsOf(pair, customer._id)).toEqual([]);

    // a viewer may not decide an admin's approval; another tenant does not see the run
    const viewer = { userId: '00000000-0000-4000-8000-000000000001', role: 'viewer' as const };
    await expect(
      runs().decide(pair.tenantId, awaiting!.id, { decision: 'approved', comment: 'ok', member: viewer }),
    ).rejects.toBeInstanceOf(FlowRunForbiddenError);
    const other = await pairWithFlows(w, ['customer']);
    const admin = { userId: '00000000-0000-4000-8000-000000000002', role: 'admin' as const };
    await expect(
      runs().decide(other.tenantId, awaiting!.id, { decision: 'approved', comment: 'ok', member: admin }),
    ).rejects.toBeInstanceOf(FlowRunNotFoundError);
    await expect(runs().get(other.tenantId, awaiting!.id)).rejects.toBeInstanceOf(FlowRunNotFoundError);
    expect(await runs().list(other.tenantId, other.integrationId, 'customers')).toEqual([]);
    expect((await runOf(pair, customer._id))?.state).toBe('awaiting-approval');

    const decided = await runs().decide(pair.tenantId, awaiting!.id, {
      decision: 'approved',
      comment: 'shipped and checked',
      member: admin,
    });
    expect(decided.state).toBe('completed');
    await expect(
      runs().decide(pair.tenantId, awaiting!.id, { decision: 'rejected', comment: 'too late', member: admin }),
    ).rejects.toBeInstanceOf(FlowRunConflictError);

    await drainUntilQuiet(w, pair, ['customers'], 30, new SyncDrain(w.deps));
    expect(await contactsOf(pair, customer._id)).toHaveLength(1);
    expect((await changeOf(pair, customer._id))?.state).toBe('done');

    const view = await runs().get(pair.tenantId, awaiting!.id);
    expect(view.steps.map((s) => [s.nodeId, s.outcome])).toEqual([
      ['start', 'next'],
      ['active', 'true'],
      ['shipped', 'event'],
      ['review', 'approved'],
      ['map', 'next'],
      ['write', 'handed-over'],
    ]);
    expect(view.steps[3].output).toMatchObject({ by: admin.userId, comment: 'shipped and checked' });
    expect(view.steps.every((s) => s.finishedAt !== null)).toBe(true);
    const listed = await runs().list(pair.tenantId, pair.integrationId, 'customers', 'completed');
    expect(listed.map((r) => r.id)).toEqual([awaiting!.id]);
    expect(await runs().list(pair.tenantId, pair.integrationId, 'customers', 'waiting')).toEqual([]);

    const audit = await w.h.tx.run(pair.tenantId, (m) =>
      m.find(AuditLogEntry, { where: { action: 'flow.run.approved' } }),
    );
    expect(audit.map((a) => [a.actorId, a.targetId, a.details])).toEqual([
      [
        admin.userId,
        awaiting!.id,
        expect.objectContaining({ comment: 'shipped and checked', node: 'review', flowKey: 'customers' }),
      ],
    ]);
  });

  it('an approved run whose write meets Xero down stays at its action and lands once, when Xero answers again', async () => {
    const pair = await pairWithGraph(approvalGraph({ expression: '$exists(_id)', orderField: '_id', waitSeconds: 1 }));
    const customer = customers[2];
    await accept(pair, customer);
    const awaiting = await eventually('the run at its approval', async () => {
      await drainUntilQuiet(w, pair, ['customers']);
      const run = await runOf(pair, customer._id);
      return run?.state === 'awaiting-approval' ? run : undefined;
    });
    const admin = { userId: '00000000-0000-4000-8000-000000000003', role: 'owner' as const };
    await runs().decide(pair.tenantId, awaiting.id, { decision: 'approved', comment: 'go', member: admin });

    const down = { kind: 'status503', pathContains: '/Contacts', method: 'POST' };
    expect((await control(w.sb.url, pair.org, 'POST', '/faults', down)).status).toBeLessThan(300);
    const job = { tenantId: pair.tenantId, integrationId: pair.integrationId, flowKey: 'customers' };
    expect(await w.drain.run(job)).toMatchObject({ status: 'retrying' });
    expect((await runOf(pair, customer._id))?.state).toBe('completed');
    // back in line for a retry (deferred under its lease), not dead, not written
    expect(['pending', 'claimed']).toContain((await changeOf(pair, customer._id))?.state);
    expect(await contactsOf(pair, customer._id)).toEqual([]);

    await control(w.sb.url, pair.org, 'DELETE', '/faults');
    await eventually(
      'the customer in Xero after the outage',
      async () => {
        await drainUntilQuiet(w, pair, ['customers']);
        return (await changeOf(pair, customer._id))?.state === 'done' ? true : undefined;
      },
      120_000,
    );
    expect(await contactsOf(pair, customer._id)).toHaveLength(1);
    const steps = (await runs().get(pair.tenantId, awaiting.id)).steps.map((s) => [s.nodeId, s.outcome]);
    expect(steps.filter(([node]) => node === 'write')).toEqual([['write', 'handed-over']]);
  });

  it('takes the timeout edges: the wait times out into the approval, the approval times out into a flag', async () => {
    // Deadlines an hour out, brought forward below: with 1 s ones, a loaded machine's next drain
    // round came after the wait had already timed out, and the run was never seen waiting.
    const pair = await pairWithGraph(approvalGraph({ orderField: '_id', waitSeconds: 3600, approvalSeconds: 3600 }));
    const customer = customers[1];
    await accept(pair, customer);
    await drainUntilQuiet(w, pair, ['customers']);
    expect((await runOf(pair, customer._id))?.state).toBe('waiting');
    /** The hour passes: the run's deadline and its change's delayed release are now. */
    const deadlinePasses = () =>
      w.h.tx.run(pair.tenantId, async (m) => {
        await m.query(`UPDATE sync_flow_runs SET deadline = now() WHERE deadline IS NOT NULL AND source_key = $1`, [
          customer._id,
        ]);
        await m.query(
          `UPDATE sync_pending_changes SET available_at = now() WHERE state = 'pending' AND source_key = $1`,
          [customer._id],
        );
      });

    // the drain the deadline brings back (the delayed continuation the worker would run)
    const flagged = await eventually('both timeouts taken', async () => {
      await deadlinePasses();
      await drainUntilQuiet(w, pair, ['customers']);
      const change = await changeOf(pair, customer._id);
      return change?.state === 'done' ? change : undefined;
    });
    expect(flagged.outcome?.action).toBe('flagged');
    const run = await runs().get(pair.tenantId, (await runOf(pair, customer._id))!.id);
    expect(run).toMatchObject({ state: 'completed', action: 'flag' });
    expect(run.steps.map((s) => [s.nodeId, s.outcome])).toEqual([
      ['start', 'next'],
      ['active', 'true'],
      ['shipped', 'timeout'],
      ['review', 'timeout'],
      ['map-flag', 'next'],
      ['flag', 'handed-over'],
    ]);
    expect(await contactsOf(pair, customer._id)).toEqual([]);
  });

  it('ends a run whose condition is false, and fails one whose record names nothing to wait for', async () => {
    const pair = await pairWithGraph(approvalGraph({ expression: '_id = "nobody"' }));
    await accept(pair, customers[2]);
    await drainUntilQuiet(w, pair, ['customers']);
    expect(await runOf(pair, customers[2]._id)).toMatchObject({ state: 'ended', currentNode: 'active' });
    expect(await changeOf(pair, customers[2]._id)).toMatchObject({ state: 'done', outcome: { action: 'skipped' } });

    // the default orderField (salesOrder) is not on a customer
    const second = await pairWithGraph(approvalGraph());
    await accept(second, customers[2]);
    await drainUntilQuiet(w, second, ['customers']);
    expect(await runOf(second, customers[2]._id)).toMatchObject({ state: 'failed', currentNode: 'shipped' });
    expect((await changeOf(second, customers[2]._id))?.state).toBe('dead');
    expect(await contactsOf(second, customers[2]._id)).toEqual([]);
  });
});
