import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { runtimeDataSource } from '#lb/testing';
import { TenantWithIntegration, tenantWithIntegration } from '../testing/integration-fixture';
import { LANES } from './lanes';
import { SyncPendingChange } from './pending-change.entity';
import { FlowScope, NewPendingChange, PendingChanges } from './pending-changes.service';

describe('pending changes on PostgreSQL', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  const pending = new PendingChanges();
  let t: TenantWithIntegration;
  let scope: FlowScope;

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());
  beforeEach(async () => {
    t = await tenantWithIntegration(tx);
    scope = { integrationId: t.integrationId, flowKey: 'invoices' };
  });

  const change = (sourceKey: string, lane: number = LANES.polling, name = sourceKey): NewPendingChange => ({
    ...scope,
    entity: 'invoice',
    direction: 'x3-to-xero',
    sourceKey,
    lane,
    source: { _id: sourceKey, name },
  });
  const rows = () =>
    tx.run(t.tenantId, (m) => m.find(SyncPendingChange, { order: { sourceKey: 'ASC', createdAt: 'ASC' } }));

  it('coalesces changes of one key into one open row: newest source, highest lane', async () => {
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('A', LANES.backfill, 'v1'), change('B')]));
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('A', LANES.webhook, 'v2')]));
    const all = await rows();
    expect(all.map((r) => [r.sourceKey, r.state, r.lane, r.source?.name])).toEqual([
      ['A', 'pending', LANES.webhook, 'v2'],
      ['B', 'pending', LANES.polling, 'B'],
    ]);
  });

  it('claims by lane, at most the limit, and never the same row twice while the lease holds', async () => {
    await tx.run(t.tenantId, (m) =>
      pending.accept(m, t.tenantId, [
        change('P1', LANES.polling),
        change('B1', LANES.backfill),
        change('W1', LANES.webhook),
      ]),
    );
    const first = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 2));
    expect(first.changes.map((c) => c.sourceKey)).toEqual(['W1', 'P1']);
    const second = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 50));
    expect(second.changes.map((c) => c.sourceKey)).toEqual(['B1']);
    const third = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 50));
    expect(third.changes).toEqual([]);
  });

  it('takes back a claim whose lease expired; the old holder can then settle nothing', async () => {
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('K')]));
    const dead = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 50, 0));
    // lease of 0 s: already expired for the next drain
    const taken = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 50));
    expect(taken.changes.map((c) => c.sourceKey)).toEqual(['K']);
    const stale = await tx.run(t.tenantId, (m) =>
      pending.settle(m, dead.changes[0], dead.claimId, { kind: 'done', outcome: { action: 'created' } }),
    );
    expect(stale).toBe(false);
    const fresh = await tx.run(t.tenantId, (m) =>
      pending.settle(m, taken.changes[0], taken.claimId, {
        kind: 'done',
        outcome: { action: 'created', targetId: 'x' },
      }),
    );
    expect(fresh).toBe(true);
    const [row] = await rows();
    expect([row.state, row.outcome?.targetId, row.settledAt]).toEqual(['done', 'x', expect.any(Date)]);
  });

  it('renews a held lease before a write, and refuses once another drain took the row (never two writers)', async () => {
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('R'), change('S')]));
    const held = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 1));
    expect(await tx.run(t.tenantId, (m) => pending.renew(m, held.changes[0], held.claimId, 600))).toBe(true);
    const [row] = await tx.run(t.tenantId, (m) => m.find(SyncPendingChange, { where: { id: held.changes[0].id } }));
    expect(row.claimedUntil!.getTime()).toBeGreaterThan(Date.now() + 500_000);
    // another claim's id renews nothing
    expect(await tx.run(t.tenantId, (m) => pending.renew(m, held.changes[0], randomUUID()))).toBe(false);
    // a lease of 0 s is over at once and the next drain takes the row: the first may no longer write it
    const lapsed = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 1, 0));
    const taken = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 50));
    expect(taken.changes.map((c) => c.sourceKey)).toEqual([lapsed.changes[0].sourceKey]);
    expect(await tx.run(t.tenantId, (m) => pending.renew(m, lapsed.changes[0], lapsed.claimId))).toBe(false);
    expect(await tx.run(t.tenantId, (m) => pending.renew(m, taken.changes[0], taken.claimId))).toBe(true);
  });

  it('a change accepted while its key is claimed marks it dirty: settled done, it drains again with the new source', async () => {
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('D', LANES.polling, 'old')]));
    const claim = await tx.run(t.tenantId, (m) => pending.claim(m, scope));
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('D', LANES.polling, 'new')]));
    await tx.run(t.tenantId, (m) => pending.settle(m, claim.changes[0], claim.claimId, { kind: 'done', outcome: {} }));
    const again = await tx.run(t.tenantId, (m) => pending.claim(m, scope));
    expect(again.changes.map((c) => [c.sourceKey, c.source?.name])).toEqual([['D', 'new']]);
  });

  it('a forced write (a reconciliation resend) survives coalescing and waiting, and is forced once', async () => {
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [{ ...change('F'), source: null, force: true }]));
    // an ordinary change of the key meanwhile does not take the force away
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('F', LANES.polling, 'newer')]));
    const claim = await tx.run(t.tenantId, (m) => pending.claim(m, scope));
    expect(claim.changes.map((c) => [c.sourceKey, c.forceWrite])).toEqual([['F', true]]);
    // waiting on a prerequisite keeps it forced for when it is released
    await tx.run(t.tenantId, (m) =>
      pending.settle(m, claim.changes[0], claim.claimId, { kind: 'waiting', waitingOn: 'customer:C9' }),
    );
    await tx.run(t.tenantId, (m) => pending.release(m, t.integrationId, ['customer:C9']));
    const released = await tx.run(t.tenantId, (m) => pending.claim(m, scope));
    expect(released.changes[0].forceWrite).toBe(true);
    await tx.run(t.tenantId, (m) =>
      pending.settle(m, released.changes[0], released.claimId, { kind: 'done', outcome: { action: 'updated' } }),
    );
    // settled, the next change of the key is an ordinary one (deduped against its hash again)
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('F', LANES.polling, 'later')]));
    const next = await tx.run(t.tenantId, (m) => pending.claim(m, scope));
    expect(next.changes.map((c) => [c.source?.name, c.forceWrite])).toEqual([['later', false]]);
    expect((await rows()).filter((r) => r.forceWrite)).toEqual([]);
  });

  it('waits on a prerequisite, is released when it lands, and only for that key', async () => {
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('I1'), change('I2')]));
    const claim = await tx.run(t.tenantId, (m) => pending.claim(m, scope));
    for (const c of claim.changes) {
      await tx.run(t.tenantId, (m) =>
        pending.settle(m, c, claim.claimId, {
          kind: 'waiting',
          waitingOn: `customer:${c.sourceKey === 'I1' ? 'C1' : 'C2'}`,
        }),
      );
    }
    expect(await tx.run(t.tenantId, (m) => pending.hasAvailable(m, scope))).toBe(false);
    const flows = await tx.run(t.tenantId, (m) => pending.release(m, t.integrationId, ['customer:C1']));
    expect(flows).toEqual(['invoices']);
    const next = await tx.run(t.tenantId, (m) => pending.claim(m, scope));
    expect(next.changes.map((c) => c.sourceKey)).toEqual(['I1']);
    expect((await rows()).find((r) => r.sourceKey === 'I2')?.waitingOn).toBe('customer:C2');
  });

  it('a retry counts an attempt and waits its delay; a release does not count one', async () => {
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('R')]));
    let claim = await tx.run(t.tenantId, (m) => pending.claim(m, scope));
    await tx.run(t.tenantId, (m) =>
      pending.settle(m, claim.changes[0], claim.claimId, { kind: 'retry', error: 'HTTP 503', delayMs: 3_600_000 }),
    );
    expect(await tx.run(t.tenantId, (m) => pending.hasAvailable(m, scope))).toBe(false);
    const [row] = await rows();
    expect([row.state, row.attempts, row.lastError]).toEqual(['pending', 1, 'HTTP 503']);
    await tx.run(t.tenantId, (m) => m.update(SyncPendingChange, { id: row.id }, { availableAt: new Date(0) }));
    claim = await tx.run(t.tenantId, (m) => pending.claim(m, scope));
    await tx.run(t.tenantId, (m) =>
      pending.settle(m, claim.changes[0], claim.claimId, { kind: 'release', delayMs: 0 }),
    );
    expect((await rows())[0].attempts).toBe(1);
  });

  it('a deferred change keeps its place in line: once its delay has run out it is claimed before later ones', async () => {
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('D1'), change('D2')]));
    const first = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 1));
    expect(first.changes.map((c) => c.sourceKey)).toEqual(['D1']);
    await tx.run(t.tenantId, (m) =>
      pending.settle(m, first.changes[0], first.claimId, { kind: 'defer', error: 'HTTP 409', delayMs: 3_600_000 }),
    );
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('D3')]));
    // while deferred it is not claimable: the others go
    const meanwhile = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 1));
    expect(meanwhile.changes.map((c) => c.sourceKey)).toEqual(['D2']);
    const deferred = (await rows()).find((r) => r.sourceKey === 'D1')!;
    expect([deferred.state, deferred.attempts, deferred.lastError]).toEqual(['claimed', 1, 'HTTP 409']);
    // its delay runs out: it comes before D3, accepted after it
    await tx.run(t.tenantId, (m) =>
      m.update(SyncPendingChange, { id: deferred.id }, { claimedUntil: new Date(Date.now() - 1000) }),
    );
    const next = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 1));
    expect(next.changes.map((c) => c.sourceKey)).toEqual(['D1']);
    // a deferral without an error (no Xero slot) counts no attempt
    await tx.run(t.tenantId, (m) => pending.settle(m, next.changes[0], next.claimId, { kind: 'defer', delayMs: 0 }));
    expect((await rows()).find((r) => r.sourceKey === 'D1')!.attempts).toBe(1);
  });

  it('claims a batch in flight whole, alone and first, and fresh rows only with fresh rows', async () => {
    await tx.run(t.tenantId, (m) =>
      pending.accept(
        m,
        t.tenantId,
        ['F1', 'X1', 'F2', 'X2', 'Y1', 'F3'].map((k) => change(k)),
      ),
    );
    // X1, X2 were prepared in batch X and Y1 in batch Y by a drain that then found no Xero slot (or died)
    const inFlight = (batchId: string) => ({ batchId, inFlight: { index: 0 } });
    await tx.run(t.tenantId, async (m) => {
      for (const [key, batch] of [
        ['X1', 'batch-x'],
        ['X2', 'batch-x'],
        ['Y1', 'batch-y'],
      ]) {
        await m.query(`UPDATE sync_pending_changes SET outcome = $2::jsonb WHERE source_key = $1`, [
          key,
          JSON.stringify(inFlight(batch)),
        ]);
      }
      // a settled outcome (no inFlight) left on a row that came back pending is fresh
      await m.query(
        `UPDATE sync_pending_changes SET outcome = '{"batchId": "batch-old"}'::jsonb WHERE source_key = 'F3'`,
      );
      await m.query(
        `UPDATE sync_pending_changes SET available_at = now() - interval '1 minute' WHERE source_key LIKE 'F%'`,
      );
    });
    const claims: string[][] = [];
    for (;;) {
      const c = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 50));
      if (!c.changes.length) break;
      claims.push(c.changes.map((x) => x.sourceKey).sort());
    }
    // the batches in flight first (mapped already), though the fresh rows came earlier
    expect(claims.map((c) => c.join(','))).toEqual([
      expect.stringMatching(/^(X1,X2|Y1)$/),
      expect.stringMatching(/^(X1,X2|Y1)$/),
      'F1,F2,F3',
    ]);
    expect(claims.map((c) => c.join(',')).sort()).toEqual(['F1,F2,F3', 'X1,X2', 'Y1']);
  });

  it('replays dead letters (one or all) to re-read their source, unless a newer change is open', async () => {
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('X1'), change('X2')]));
    const claim = await tx.run(t.tenantId, (m) => pending.claim(m, scope));
    for (const c of claim.changes) {
      await tx.run(t.tenantId, (m) =>
        pending.settle(m, c, claim.claimId, {
          kind: 'dead',
          error: 'A validation exception occurred',
          outcome: { messages: ['Account code 999 is not a valid code'] },
          mappingVersion: 3,
        }),
      );
    }
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('X2', LANES.polling, 'newer')]));
    const replayed = await tx.run(t.tenantId, (m) => pending.replay(m, scope, 'dead', { reread: true }));
    expect(replayed).toBe(1);
    const open = (await rows()).filter((r) => r.state === 'pending');
    expect(open.map((r) => [r.sourceKey, r.source?.name ?? null, r.mappingVersion])).toEqual([
      ['X1', null, 3],
      ['X2', 'newer', null],
    ]);
  });

  it('another tenant sees none of them and cannot claim or release them', async () => {
    await tx.run(t.tenantId, (m) => pending.accept(m, t.tenantId, [change('S')]));
    const other = await tenantWithIntegration(tx);
    const theirs = await tx.run(other.tenantId, (m) => pending.claim(m, scope));
    expect(theirs.changes).toEqual([]);
    expect(await tx.run(other.tenantId, (m) => m.count(SyncPendingChange))).toBe(0);
    await expect(tx.run(other.tenantId, (m) => pending.accept(m, t.tenantId, [change('S2')]))).rejects.toThrow(
      /row-level security|violates/,
    );
    expect((await rows()).map((r) => r.sourceKey)).toEqual(['S']);
  });
});
