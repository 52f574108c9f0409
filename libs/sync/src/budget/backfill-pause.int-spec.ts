// A paused backfill lane on PostgreSQL: the drain's claim keeps its higher lanes and hands the
// backfill-lane changes back unattempted until the flow's backfill is resumed.
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { runtimeDataSource } from '#lb/testing';
import { LANES } from '../pending/lanes';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { FlowScope, PendingChanges } from '../pending/pending-changes.service';
import { TenantWithIntegration, tenantWithIntegration } from '../testing/integration-fixture';
import { pauseBackfill, resumeBackfill, setAsidePausedBackfill } from './backfill-pause';

describe('paused backfill lane (PostgreSQL)', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  let t: TenantWithIntegration;
  let scope: FlowScope;
  const pending = new PendingChanges();

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());
  beforeEach(async () => {
    t = await tenantWithIntegration(tx);
    scope = { integrationId: t.integrationId, flowKey: 'invoices' };
    const change = (sourceKey: string, lane: number) => ({
      ...scope,
      entity: 'invoice' as const,
      direction: 'x3-to-xero' as const,
      sourceKey,
      lane,
      source: null,
    });
    await tx.run(t.tenantId, (m) =>
      pending.accept(m, t.tenantId, [
        change('B1', LANES.backfill),
        change('B2', LANES.backfill),
        change('P1', LANES.polling),
        change('W1', LANES.webhook),
      ]),
    );
  });

  const claimAndSetAside = () =>
    tx.run(t.tenantId, async (m) => {
      const claim = await pending.claim(m, scope);
      const left = await setAsidePausedBackfill(m, pending, scope, claim, 60_000);
      return { claimed: claim.changes.map((c) => c.sourceKey), left: left.map((c) => c.sourceKey).sort() };
    });

  it('drains the higher lanes and hands backfill back while paused; all of it once resumed', async () => {
    await tx.run(t.tenantId, (m) => pauseBackfill(m, t.tenantId, t.integrationId, 'invoices'));
    const first = await claimAndSetAside();
    expect(first.claimed).toHaveLength(4);
    expect(first.left).toEqual(['P1', 'W1']);
    const backfill = await tx.run(t.tenantId, (m) =>
      m.find(SyncPendingChange, { where: { ...scope, lane: LANES.backfill } }),
    );
    expect(backfill.map((c) => [c.state, c.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    // not attempted, back in a minute: nothing of the backfill is available now
    expect(backfill.every((c) => c.availableAt.getTime() > Date.now() + 30_000)).toBe(true);
    expect(await tx.run(t.tenantId, (m) => pending.hasAvailable(m, scope))).toBe(false);

    await tx.run(t.tenantId, (m) => resumeBackfill(m, t.integrationId, 'invoices'));
    await tx.run(t.tenantId, (m) =>
      m.query(`UPDATE sync_pending_changes SET available_at = now() WHERE integration_id = $1`, [t.integrationId]),
    );
    const after = await claimAndSetAside();
    expect(after.left).toEqual(['B1', 'B2']);
  });

  it('leaves a claim alone when the flow is not paused (another flow is)', async () => {
    await tx.run(t.tenantId, (m) => pauseBackfill(m, t.tenantId, t.integrationId, 'customers'));
    expect((await claimAndSetAside()).left).toEqual(['B1', 'B2', 'P1', 'W1']);
  });
});
