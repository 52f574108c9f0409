import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import type { Customer } from '#lb/mapping';
import { runtimeDataSource } from '#lb/testing';
import { canonicalContentHash } from '../hash/content-hash';
import { TenantWithIntegration, createIntegration, tenantWithIntegration } from '../testing/integration-fixture';
import { SyncCrossReference } from './cross-reference.entity';
import { CrossReferenceScope, CrossReferences, RecordedSnapshot } from './cross-references.service';

const customer = (key: string, name = `Customer ${key}`): Customer => ({
  entity: 'customer',
  key,
  name,
  isActive: true,
  creditLimit: '1000.00',
  addresses: [{ kind: 'billing', city: 'Lyon', country: 'FR' }],
  origin: { system: 'x3', key, updatedAt: '2026-11-30T10:00:00Z' },
});

describe('cross-reference store on PostgreSQL', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  const refs = new CrossReferences();
  let t: TenantWithIntegration;
  let scope: CrossReferenceScope;

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());
  beforeEach(async () => {
    t = await tenantWithIntegration(tx);
    scope = { integrationId: t.integrationId, entity: 'customer' };
  });

  const written = (record: Customer, xeroId: string, mappingVersion = 1): RecordedSnapshot => ({
    ...scope,
    x3Key: record.key,
    xeroId,
    xeroNaturalKey: record.key,
    contentHash: canonicalContentHash(record),
    kind: 'write',
    mappingVersion,
  });
  const rows = () => tx.run(t.tenantId, (m) => m.find(SyncCrossReference, { order: { x3Key: 'ASC' } }));

  it('decides create for an unknown record, unchanged after the write, update once content changes', async () => {
    const c = customer('C001');
    const first = await tx.run(t.tenantId, (m) => refs.decide(m, scope, c));
    expect(first).toMatchObject({ decision: 'create', reference: undefined, contentHash: canonicalContentHash(c) });

    await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(c, 'xero-1')));
    // The same content read back (a later poll, or Xero's echo of our write) costs no write.
    expect((await tx.run(t.tenantId, (m) => refs.decide(m, scope, c))).decision).toBe('unchanged');
    const echo = { ...c, origin: { system: 'xero' as const, key: 'xero-1', updatedAt: '2026-11-30T10:00:05Z' } };
    expect((await tx.run(t.tenantId, (m) => refs.decide(m, scope, echo))).decision).toBe('unchanged');

    const edited = customer('C001', 'Renamed SA');
    const next = await tx.run(t.tenantId, (m) => refs.decide(m, scope, edited));
    expect(next.decision).toBe('update');
    expect(next.reference).toMatchObject({ x3Key: 'C001', xeroId: 'xero-1', mappingVersion: 1, state: 'written' });
  });

  it('records a write idempotently: the same write twice leaves one row, a newer one moves it', async () => {
    const c = customer('C002');
    await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(c, 'xero-2')));
    const again = await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(c, 'xero-2')));
    expect(await rows()).toHaveLength(1);
    expect(again).toMatchObject({ state: 'written', xeroId: 'xero-2', contentHash: canonicalContentHash(c) });
    expect(again.lastWrittenAt).toBeInstanceOf(Date);

    const edited = customer('C002', 'New name');
    const moved = await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(edited, 'xero-2', 4)));
    expect(await rows()).toHaveLength(1);
    expect(moved).toMatchObject({ contentHash: canonicalContentHash(edited), mappingVersion: 4 });
  });

  it('a read keeps the last write: its mapping version and time, and the Xero id when the read has none', async () => {
    const c = customer('C003');
    const w = await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(c, 'xero-3', 2)));
    const readBack = customer('C003', 'Edited in Xero');
    const r = await tx.run(t.tenantId, (m) =>
      refs.record(m, t.tenantId, {
        ...scope,
        x3Key: 'C003',
        contentHash: canonicalContentHash(readBack),
        kind: 'read',
      }),
    );
    expect(r).toMatchObject({ state: 'written', xeroId: 'xero-3', mappingVersion: 2, xeroNaturalKey: 'C003' });
    expect(r.lastWrittenAt?.toISOString()).toBe(w.lastWrittenAt?.toISOString());
    expect((await tx.run(t.tenantId, (m) => refs.decide(m, scope, readBack))).decision).toBe('unchanged');
  });

  it('a record matched without a Xero id still has to be created', async () => {
    const c = customer('C004');
    await tx.run(t.tenantId, (m) =>
      refs.record(m, t.tenantId, { ...scope, x3Key: 'C004', contentHash: canonicalContentHash(c), kind: 'read' }),
    );
    const d = await tx.run(t.tenantId, (m) => refs.decide(m, scope, c));
    expect(d.decision).toBe('create');
    expect(d.reference).toMatchObject({ state: 'matched', xeroId: null, lastWrittenAt: null });
  });

  it('looks up 1,500 keys in bulk by X3 key and by Xero id, scoped to integration and entity', async () => {
    const keys = Array.from({ length: 1500 }, (_, i) => `K${String(i).padStart(4, '0')}`);
    await tx.run(t.tenantId, async (m) => {
      // Seeded in one statement: the service's own upsert is covered above.
      await m.query(
        `INSERT INTO sync_cross_references (tenant_id, integration_id, entity, x3_key, xero_id, content_hash, state)
         SELECT $1, $2, 'customer', k, 'x-' || k, 'h', 'written' FROM unnest($3::text[]) AS k`,
        [t.tenantId, t.integrationId, keys],
      );
      await refs.record(m, t.tenantId, { ...written(customer('K0001'), 'p-1'), entity: 'product' });
    });
    const { byX3, lookups } = await tx.run(t.tenantId, async (m) => {
      // Count the statements the lookup sends: two pages (1,000 + 501 distinct keys), no more.
      const spy = jest.spyOn(m.queryRunner!, 'query');
      const found = await refs.byX3Keys(m, scope, [...keys, 'K0001', 'missing']);
      const sent = spy.mock.calls.length;
      spy.mockRestore();
      return { byX3: found, lookups: sent };
    });
    expect(lookups).toBe(2);
    expect(byX3.size).toBe(1500);
    expect(byX3.get('K0001')).toMatchObject({ entity: 'customer', xeroId: 'x-K0001' });
    expect(byX3.has('missing')).toBe(false);

    const byXero = await tx.run(t.tenantId, (m) => refs.byXeroIds(m, scope, ['x-K0007', 'x-K1499', 'p-1']));
    expect([...byXero.keys()].sort()).toEqual(['x-K0007', 'x-K1499']);
    expect(byXero.get('x-K1499')?.x3Key).toBe('K1499');

    const otherIntegration = await createIntegration(tx, t.tenantId);
    const none = await tx.run(t.tenantId, (m) =>
      refs.byX3Keys(m, { integrationId: otherIntegration, entity: 'customer' }, keys),
    );
    expect(none.size).toBe(0);
  });

  it('archives all of an integration and then decides create; a new write revives the row', async () => {
    const a = customer('C010');
    const b = customer('C011');
    await tx.run(t.tenantId, async (m) => {
      await refs.record(m, t.tenantId, written(a, 'xero-10'));
      await refs.record(m, t.tenantId, written(b, 'xero-11'));
    });
    const other = await createIntegration(tx, t.tenantId);
    await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, { ...written(a, 'xero-other'), integrationId: other }));

    expect(await tx.run(t.tenantId, (m) => refs.archiveIntegration(m, t.integrationId))).toBe(2);
    expect(await tx.run(t.tenantId, (m) => refs.archiveIntegration(m, t.integrationId))).toBe(0);
    expect((await rows()).map((r) => `${r.integrationId === other ? 'other' : 'this'}:${r.state}`).sort()).toEqual([
      'other:written',
      'this:archived',
      'this:archived',
    ]);
    // Re-pointed: the old Xero id belongs to the previous organisation.
    expect((await tx.run(t.tenantId, (m) => refs.decide(m, scope, a))).decision).toBe('create');

    const revived = await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(a, 'xero-new', 7)));
    expect(revived).toMatchObject({ state: 'written', xeroId: 'xero-new', mappingVersion: 7 });
    const matched = await tx.run(t.tenantId, (m) =>
      refs.record(m, t.tenantId, { ...scope, x3Key: 'C011', contentHash: 'h', kind: 'read' }),
    );
    expect(matched).toMatchObject({ state: 'matched', xeroId: null, mappingVersion: null, lastWrittenAt: null });
  });

  it('after a re-point, an archived row does not keep a Xero id from being linked under another X3 key', async () => {
    await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(customer('C030'), 'xero-30')));
    await tx.run(t.tenantId, (m) => refs.archiveIntegration(m, t.integrationId));
    const relinked = await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(customer('C031'), 'xero-30')));
    expect(relinked).toMatchObject({ x3Key: 'C031', xeroId: 'xero-30', state: 'written' });
    const old = (await rows()).find((r) => r.x3Key === 'C030');
    expect(old).toMatchObject({ state: 'archived', xeroId: null });
  });

  it('refuses a second X3 key for the same Xero id', async () => {
    await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(customer('C020'), 'xero-20')));
    await expect(
      tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(customer('C021'), 'xero-20'))),
    ).rejects.toThrow(/uq_sync_cross_references_xero_id/);
  });

  it("another tenant sees none of it and cannot point a row at this tenant's integration", async () => {
    await tx.run(t.tenantId, (m) => refs.record(m, t.tenantId, written(customer('C030'), 'xero-30')));
    const intruder = await tenantWithIntegration(tx);

    const seen = await tx.run(intruder.tenantId, async (m) => ({
      rows: await m.count(SyncCrossReference),
      byKey: await refs.byX3Keys(m, scope, ['C030']),
      archived: await refs.archiveIntegration(m, t.integrationId),
    }));
    expect(seen).toEqual({ rows: 0, byKey: new Map(), archived: 0 });

    // Its own tenant id with the other tenant's integration: the composite foreign key refuses it.
    await expect(
      tx.run(intruder.tenantId, (m) => refs.record(m, intruder.tenantId, written(customer('C031'), 'xero-31'))),
    ).rejects.toThrow(/foreign key/);
    // The other tenant's id: row-level security refuses it.
    await expect(
      tx.run(intruder.tenantId, (m) => refs.record(m, t.tenantId, written(customer('C032'), 'xero-32'))),
    ).rejects.toThrow(/row-level security/);
    expect((await rows()).map((r) => `${r.x3Key}:${r.state}`)).toEqual(['C030:written']);
  });
});
