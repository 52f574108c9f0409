import { DataSource, EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { runtimeDataSource } from '#lb/testing';
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import { CrossReferences } from '../cross-references/cross-references.service';
import { LANES } from '../pending/lanes';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { PendingChanges } from '../pending/pending-changes.service';
import { createIntegration, TenantWithIntegration, tenantWithIntegration } from '../testing/integration-fixture';
import { resetPairing } from './reset-pairing';

describe('re-pointing an integration resets its pairing', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  let t: TenantWithIntegration;
  let sibling: string;

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());

  const seed = async (m: EntityManager, tenantId: string, integrationId: string) => {
    await new CrossReferences().record(m, tenantId, {
      integrationId,
      entity: 'customer',
      x3Key: 'C1',
      xeroId: 'x-1',
      contentHash: 'h',
      kind: 'write',
      mappingVersion: 1,
    });
    await m.query(
      `INSERT INTO sync_flow_cursors (tenant_id, integration_id, flow_key, side, cursor) VALUES ($1, $2, 'customers', 'x3', '{}')`,
      [tenantId, integrationId],
    );
    const [{ x3_connection_id: x3 }] = await m.query<Array<{ x3_connection_id: string }>>(
      `SELECT x3_connection_id FROM integrations WHERE id = $1`,
      [integrationId],
    );
    await m.query(
      `INSERT INTO x3_delivered_records (tenant_id, x3_connection_id, consumer, entity, record_key, content_hash, update_stamp)
       VALUES ($1, $2, $3, 'customer', 'C1', 'h', now())`,
      [tenantId, x3, `${integrationId}:customers`],
    );
    await new PendingChanges().accept(m, tenantId, [
      {
        integrationId,
        flowKey: 'invoices',
        entity: 'invoice',
        direction: 'x3-to-xero',
        sourceKey: 'FAC1',
        lane: LANES.polling,
        source: { _id: 'FAC1' },
      },
    ]);
    await m.query(
      `INSERT INTO sync_matchings (tenant_id, integration_id, run_id, computed_at, counts, shared, taken_names, confirmed_at)
       VALUES ($1, $2, gen_random_uuid(), now(), '{}', '[]', '[]', now())`,
      [tenantId, integrationId],
    );
  };

  beforeEach(async () => {
    t = await tenantWithIntegration(tx);
    sibling = await createIntegration(tx, t.tenantId);
    await tx.run(t.tenantId, async (m) => {
      await seed(m, t.tenantId, t.integrationId);
      await seed(m, t.tenantId, sibling);
    });
  });

  it('archives cross-references, drops cursors, deliveries and matching, closes open changes — of that integration only', async () => {
    const reset = await tx.run(t.tenantId, (m) => resetPairing(m, t.integrationId));
    expect(reset).toEqual({
      archivedCrossReferences: 1,
      droppedCursors: 1,
      droppedDeliveries: 1,
      cancelledChanges: 1,
      matchingCleared: true,
    });
    const state = (integrationId: string) =>
      tx.run(t.tenantId, async (m) => ({
        refs: (await m.find(SyncCrossReference, { where: { integrationId } })).map((r) => r.state),
        changes: (await m.find(SyncPendingChange, { where: { integrationId } })).map((c) => [
          c.state,
          c.outcome?.action,
        ]),
        cursors: Number(
          (await m.query(`SELECT count(*) AS n FROM sync_flow_cursors WHERE integration_id = $1`, [integrationId]))[0]
            .n,
        ),
        deliveries: Number(
          (
            await m.query(`SELECT count(*) AS n FROM x3_delivered_records WHERE consumer LIKE $1`, [
              `${integrationId}:%`,
            ])
          )[0].n,
        ),
        matchings: Number(
          (await m.query(`SELECT count(*) AS n FROM sync_matchings WHERE integration_id = $1`, [integrationId]))[0].n,
        ),
      }));
    expect(await state(t.integrationId)).toEqual({
      refs: ['archived'],
      changes: [['done', 'skipped']],
      cursors: 0,
      deliveries: 0,
      matchings: 0,
    });
    expect(await state(sibling)).toEqual({
      refs: ['written'],
      changes: [['pending', undefined]],
      cursors: 1,
      deliveries: 1,
      matchings: 1,
    });
  });

  it("cannot reach another tenant's integration", async () => {
    const other = await tenantWithIntegration(tx);
    const reset = await tx.run(other.tenantId, (m) => resetPairing(m, t.integrationId));
    expect(reset).toEqual({
      archivedCrossReferences: 0,
      droppedCursors: 0,
      droppedDeliveries: 0,
      cancelledChanges: 0,
      matchingCleared: false,
    });
  });
});
