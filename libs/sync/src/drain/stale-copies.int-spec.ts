// Which poll copies a both-ways drain reads again: only records written since the change came.
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { runtimeDataSource } from '#lb/testing';
import { CrossReferences } from '../cross-references/cross-references.service';
import { LANES } from '../pending/lanes';
import { PendingChanges } from '../pending/pending-changes.service';
import { tenantWithIntegration } from '../testing/integration-fixture';
import { changesWithStaleCopies } from './stale-copies';

jest.setTimeout(60_000);

describe('stale poll copies (PostgreSQL)', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  const pending = new PendingChanges();
  const refs = new CrossReferences();

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());

  it('names the changes whose record was written meanwhile; new records, deletions and other tenants are left as read', async () => {
    const t = await tenantWithIntegration(tx);
    const other = await tenantWithIntegration(tx);
    const change = (sourceKey: string, source: Record<string, unknown>) => ({
      integrationId: t.integrationId,
      flowKey: 'customers',
      entity: 'customer' as const,
      direction: 'x3-to-xero' as const,
      sourceKey,
      lane: LANES.polling,
      source,
    });
    const written = (integrationId: string, x3Key: string) => ({
      integrationId,
      entity: 'customer' as const,
      x3Key,
      xeroId: `xero-${x3Key}-${integrationId}`,
      contentHash: 'h',
      kind: 'write' as const,
      mappingVersion: 1,
    });
    await tx.run(t.tenantId, async (m) => {
      // OLD was linked long before its change came; WRITTEN is written after it came
      await refs.record(m, t.tenantId, written(t.integrationId, 'OLD'));
      await m.query(`UPDATE sync_cross_references SET updated_at = now() - interval '1 hour' WHERE x3_key = 'OLD'`);
      await pending.accept(m, t.tenantId, [
        change('NEW', { _id: 'NEW' }),
        change('OLD', { _id: 'OLD' }),
        change('WRITTEN', { _id: 'WRITTEN' }),
        change('GONE', { _id: 'GONE', _deleted: true }),
        change('OTHERS', { _id: 'OTHERS' }),
      ]);
    });
    await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(t.integrationId, 'WRITTEN')));
    await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(t.integrationId, 'GONE')));
    // the same key written in another tenant's integration says nothing about this one
    await tx.run(other.tenantId, (m) => refs.record(m, other.tenantId, written(other.integrationId, 'OTHERS')));
    const claim = await tx.run(t.tenantId, (m) =>
      pending.claim(m, { integrationId: t.integrationId, flowKey: 'customers' }),
    );
    expect(claim.changes).toHaveLength(5);
    const stale = await tx.run(t.tenantId, (m) =>
      changesWithStaleCopies(m, t.integrationId, 'customer', claim.changes),
    );
    expect([...stale].map((c) => c.sourceKey)).toEqual(['WRITTEN']);
  });
});
