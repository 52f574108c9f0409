// The drain at its tenant's cap (real PostgreSQL, Redis and the sandboxes): over the cap it comes
// back under the flow's capped id below every lane, and with more to do it hands its slot to a
// flow of the tenant that waits with no drain of its own (TenantDrainCap).
import { CAPPED_DRAIN_PRIORITY } from '../pending/drain-jobs';
import { LANES } from '../pending/lanes';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { NewPendingChange, PendingChanges } from '../pending/pending-changes.service';
import { pollPriorityOf } from '../triggers/poll-jobs';
import { TenantDrainCap } from './tenant-drain-cap';
import { DrainWorld, Pair, pairWithFlows, startDrainWorld, stopDrainWorld } from './testing/drain-world';

jest.setTimeout(300_000);

const pending = new PendingChanges();

describe("the drain at its tenant's cap", () => {
  let w: DrainWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
  });
  afterAll(() => stopDrainWorld(w));

  const flowRows = (pair: Pair, flowKey: string) =>
    w.h.tx.run(pair.tenantId, (m) => m.find(SyncPendingChange, { where: { flowKey }, order: { sourceKey: 'ASC' } }));
  const invoiceFlow = (pair: Pair) => ({
    tenantId: pair.tenantId,
    integrationId: pair.integrationId,
    flowKey: 'invoices',
  });

  it("re-queues itself when the tenant's drains are all busy, and flags a deletion instead of writing it", async () => {
    const pair = await pairWithFlows(w, ['customer']);
    const deleted: NewPendingChange = {
      integrationId: pair.integrationId,
      flowKey: 'customers',
      entity: 'customer',
      direction: 'x3-to-xero',
      sourceKey: 'GONE01',
      lane: LANES.polling,
      source: { _deleted: true, _id: 'GONE01' },
    };
    await w.h.tx.run(pair.tenantId, (m) => pending.accept(m, pair.tenantId, [deleted]));
    const cap = new TenantDrainCap(w.h.redis, 2, 60_000);
    const held = [await cap.acquire(pair.tenantId), await cap.acquire(pair.tenantId)];
    expect(await cap.acquire(pair.tenantId)).toBeNull();
    const flow = { ...invoiceFlow(pair), flowKey: 'customers' };
    const capped = `drain:${pair.integrationId}:customers:capped:`;
    // a trigger, a continuation and the capped job itself meet the cap: each comes back under one
    // of the flow's two capped ids (alternating, as a job cannot re-add its own id), below every lane
    expect(await w.drain.run(flow)).toMatchObject({ status: 'capped', continued: true, claimed: 0 });
    expect(await w.drain.run(flow, `drain:${pair.integrationId}:customers:c:1`)).toMatchObject({ status: 'capped' });
    expect(await w.drain.run(flow, `${capped}a`)).toMatchObject({ status: 'capped' });
    expect(await w.drain.run(flow, `${capped}b`)).toMatchObject({ status: 'capped' });
    const requeued = await w.h.tx.run(pair.tenantId, (m) =>
      m.query<Array<{ job_id: string; priority: number; later: boolean }>>(
        `SELECT job_id, priority, available_at > created_at AS later FROM job_outbox
         WHERE job_name = 'drain' AND job_id LIKE $1 ORDER BY id`,
        [`drain:${pair.integrationId}:customers:%`],
      ),
    );
    expect(requeued.map((r) => [r.job_id, r.priority, r.later])).toEqual(
      ['a', 'a', 'b', 'a'].map((id) => [`${capped}${id}`, CAPPED_DRAIN_PRIORITY, true]),
    );
    expect(CAPPED_DRAIN_PRIORITY).toBeGreaterThan(pollPriorityOf(LANES.backfill));
    for (const lease of held) await cap.release(pair.tenantId, lease!);
    expect(await w.drain.run(flow)).toMatchObject({ status: 'drained', claimed: 1, written: 0 });
    const [row] = await flowRows(pair, 'customers');
    expect([row.state, row.outcome?.action]).toEqual(['done', 'flagged']);
  });

  it('with more to do, gives its slot to another flow of the tenant that waits with no drain running, and comes after it', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product']);
    const gone = (n: number): NewPendingChange => ({
      integrationId: pair.integrationId,
      flowKey: 'customers',
      entity: 'customer',
      direction: 'x3-to-xero',
      sourceKey: `GONE${n}`,
      lane: LANES.polling,
      source: { _deleted: true, _id: `GONE${n}` },
    });
    // 60 changes: the drain takes 50 (deletions: flagged, no Xero call) and has 10 more to do
    await w.h.tx.run(pair.tenantId, (m) =>
      pending.accept(
        m,
        pair.tenantId,
        Array.from({ length: 60 }, (_, n) => gone(n)),
      ),
    );
    const cap = new TenantDrainCap(w.h.redis, 2, 60_000);
    await cap.markWaiting(pair.tenantId, `${pair.integrationId}|products`); // products found the cap full
    const flow = { ...invoiceFlow(pair), flowKey: 'customers' };
    const jobIds = async () =>
      (
        await w.h.tx.run(pair.tenantId, (m) =>
          m.query<Array<{ job_id: string }>>(
            `SELECT job_id FROM job_outbox WHERE job_name = 'drain' AND job_id LIKE $1 ORDER BY id`,
            [`drain:${pair.integrationId}:%`],
          ),
        )
      ).map((r) => r.job_id.replace(pair.integrationId, '<int>'));
    const before = await jobIds();
    expect(await w.drain.run(flow)).toMatchObject({
      status: 'drained',
      claimed: 50,
      continued: true,
      handedTo: 'products',
    });
    expect((await jobIds()).slice(before.length)).toEqual(['drain:<int>:products', 'drain:<int>:customers:capped:a']);
    // products now has a drain running: customers is not offered again; customers is the waiting one
    const products = await cap.acquire(pair.tenantId, `${pair.integrationId}|products`);
    expect(await cap.waitingFlow(pair.tenantId, `${pair.integrationId}|products`)).toBe(
      `${pair.integrationId}|customers`,
    );
    await cap.release(pair.tenantId, products!);
    // with no flow waiting, the rest goes on as a continuation of its own
    await cap.acquire(pair.tenantId, `${pair.integrationId}|customers`).then((l) => cap.release(pair.tenantId, l!));
    const last = await w.drain.run(flow);
    expect(last).toMatchObject({ status: 'drained', claimed: 10 });
    expect(last.handedTo).toBeUndefined();
  });
});
