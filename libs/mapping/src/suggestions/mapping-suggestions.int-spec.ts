// mapping_suggestions on PostgreSQL as the runtime role: a tenant sees and changes only its own
// rows (forced RLS), and cannot write a row for another tenant.
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { runtimeDataSource } from '#lb/testing';
import { TenantWithIntegration, tenantWithIntegration } from '../../../sync/src/testing/integration-fixture';
import { MappingSuggestion } from './mapping-suggestion.entity';

describe('mapping_suggestions tenancy', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  let a: TenantWithIntegration;
  let b: TenantWithIntegration;

  const row = (t: TenantWithIntegration, status: MappingSuggestion['status']) => ({
    tenantId: t.tenantId,
    integrationId: t.integrationId,
    kind: 'accounts' as const,
    direction: 'x3-to-xero' as const,
    scope: 'journal',
    sourceKey: '411000',
    sourceLabel: 'Clients',
    targetKey: '610',
    targetLabel: 'Accounts Receivable',
    confidence: '0.90',
    reasons: ['both are the receivable control account'],
    alternatives: [],
    status,
  });

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
    a = await tenantWithIntegration(tx);
    b = await tenantWithIntegration(tx);
    await tx.run(a.tenantId, (m) => m.insert(MappingSuggestion, row(a, 'accepted')));
  });
  afterAll(() => ds?.destroy());

  it("keeps one tenant's decisions out of another's reach", async () => {
    const [mine, theirs] = await Promise.all([
      tx.run(a.tenantId, (m) => m.find(MappingSuggestion)),
      tx.run(b.tenantId, (m) => m.find(MappingSuggestion)),
    ]);
    expect(mine.map((r) => [r.sourceKey, r.status])).toEqual([['411000', 'accepted']]);
    expect(theirs).toEqual([]);
    // B's update or delete of A's row touches nothing
    const updated = await tx.run(b.tenantId, (m) =>
      m.update(MappingSuggestion, { id: mine[0].id }, { status: 'rejected' }),
    );
    expect(updated.affected).toBe(0);
    const deleted = await tx.run(b.tenantId, (m) => m.delete(MappingSuggestion, { id: mine[0].id }));
    expect(deleted.affected).toBe(0);
    expect(
      (await tx.run(a.tenantId, (m) => m.findOneOrFail(MappingSuggestion, { where: { id: mine[0].id } }))).status,
    ).toBe('accepted');
  });

  it('refuses a row written for another tenant (RLS WITH CHECK)', async () => {
    await expect(tx.run(b.tenantId, (m) => m.insert(MappingSuggestion, row(a, 'proposed')))).rejects.toThrow(
      /row-level security/,
    );
  });
});
