import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTenant, runtimeDataSource } from '#lb/testing';
import { AuditLogEntry, ProbeRun, TenantTransactions, User } from '../index';

describe('row-level security, as the runtime role', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ds = await runtimeDataSource(1); // one pooled connection: every transaction reuses it
    tx = new TenantTransactions(ds);
    a = await createTenant(tx, 'Tenant A');
    b = await createTenant(tx, 'Tenant B');
    await tx.run(a, (m) => m.insert(ProbeRun, [{ tenantId: a }, { tenantId: a }]));
    await tx.run(b, (m) => m.insert(ProbeRun, [{ tenantId: b }]));
  });

  afterAll(() => ds.destroy());

  it('raises on a tenant table when no tenant context is set', async () => {
    await expect(ds.query('SELECT * FROM probe_runs')).rejects.toThrow(/tenant context missing/);
    await expect(ds.query('SELECT * FROM tenants')).rejects.toThrow(/tenant context missing/);
  });

  it("hides B's rows under A's context, even from SELECT * with no WHERE", async () => {
    const rows: Array<{ tenant_id: string }> = await tx.run(a, (m) => m.query('SELECT * FROM probe_runs'));
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([a]));
    const tenants: Array<{ id: string }> = await tx.run(a, (m) => m.query('SELECT * FROM tenants'));
    expect(tenants.map((t) => t.id)).toEqual([a]);
  });

  it("refuses to insert a row into B under A's context", async () => {
    await expect(tx.run(a, (m) => m.insert(ProbeRun, { tenantId: b }))).rejects.toThrow(/row-level security/);
  });

  it("refuses to move A's row into B, and cannot touch B's rows", async () => {
    const [mine] = await tx.run(a, (m) => m.find(ProbeRun, { take: 1 }));
    await expect(tx.run(a, (m) => m.update(ProbeRun, { id: mine.id }, { tenantId: b }))).rejects.toThrow(
      /row-level security/,
    );
    const [theirs] = await tx.run(b, (m) => m.find(ProbeRun, { take: 1 }));
    const updated = await tx.run(a, (m) => m.update(ProbeRun, { id: theirs.id }, { status: 'done' }));
    const deleted = await tx.run(a, (m) => m.delete(ProbeRun, { id: theirs.id }));
    expect(updated.affected).toBe(0);
    expect(deleted.affected).toBe(0);
    const still = await tx.run(b, (m) => m.findOneByOrFail(ProbeRun, { id: theirs.id }));
    expect(still.status).toBe('queued');
  });

  it('does not carry a context over on a pooled connection that has just served B', async () => {
    const pid = async (tenant: string) => tx.run(tenant, (m) => m.query('SELECT pg_backend_pid() AS pid'));
    const [{ pid: servedB }] = await pid(b);
    const seenByA: Array<{ tenant_id: string }> = await tx.run(a, (m) => m.query('SELECT tenant_id FROM probe_runs'));
    const [{ pid: servedA }] = await pid(a);
    expect(servedA).toBe(servedB); // the same physical connection
    expect(seenByA.every((r) => r.tenant_id === a)).toBe(true);
    // After the transaction the setting is gone: a bare query on the same connection raises.
    await expect(ds.query('SELECT count(*) FROM probe_runs')).rejects.toThrow(/tenant context missing/);
  });

  // BEGIN and the tenant setting go in one round trip (tenant-transactions.ts): what it must keep
  it('keeps read-only, nested (savepoint) and rolled-back transactions as they were', async () => {
    await expect(tx.runReadOnly(a, (m) => m.insert(ProbeRun, { tenantId: a }))).rejects.toThrow(/read-only/);
    const [{ n }] = await tx.runReadOnly(a, (m) => m.query(`SELECT count(*)::int AS n FROM probe_runs`));
    expect(n).toBe(2);
    // a nested transaction is a savepoint under the same tenant: its failure undoes only its own rows
    const kept = await tx.run(a, async (m) => {
      await m.insert(ProbeRun, { tenantId: a, observedTenantId: 'nested' });
      await m.transaction((inner) => inner.insert(ProbeRun, { tenantId: b })).catch(() => undefined);
      return m.query(`SELECT count(*)::int AS n FROM probe_runs`);
    });
    expect(kept).toEqual([{ n: 3 }]);
    await expect(
      tx.run(a, async (m) => {
        await m.insert(ProbeRun, { tenantId: a });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await tx.run(a, (m) => m.query(`SELECT count(*)::int AS n FROM probe_runs`))).toEqual([{ n: 3 }]);
    await expect(ds.query('SELECT count(*) FROM probe_runs')).rejects.toThrow(/tenant context missing/);
    await tx.run(a, (m) => m.delete(ProbeRun, { observedTenantId: 'nested' }));
  });

  // readOnce: BEGIN READ ONLY, the setting, one statement and COMMIT as one message (per-request reads)
  it('reads in one round trip under the tenant only, read-only, and leaves the pooled connection clean', async () => {
    const seen = await tx.readOnce<{ tenant_id: string }>(
      a,
      'SELECT tenant_id FROM probe_runs WHERE tenant_id IN ($1, $2)',
      [a, b],
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.tenant_id === a)).toBe(true);
    // a write is refused, and the failed transaction is ended: the one connection is usable after it
    await expect(tx.readOnce(a, 'DELETE FROM probe_runs WHERE tenant_id = $1', [a])).rejects.toThrow(/read-only/);
    await expect(tx.readOnce(a, 'SELECT * FROM no_such_table', [])).rejects.toThrow(/no_such_table/);
    await expect(ds.query('SELECT count(*) FROM probe_runs')).rejects.toThrow(/tenant context missing/);
    expect(await tx.readOnce(b, 'SELECT count(*)::int AS n FROM probe_runs', [])).toEqual([{ n: 1 }]);
  });

  it('readOnce inlines only UUIDs, and only one statement', async () => {
    await expect(tx.readOnce(a, 'SELECT $1', ["x' OR true --"])).rejects.toThrow(/Not a UUID/);
    await expect(tx.readOnce(a, 'SELECT $1, $2', [a])).rejects.toThrow(/Not a UUID/);
    await expect(tx.readOnce("x' OR 1=1 --", 'SELECT 1', [])).rejects.toThrow(/Not a tenant id/);
    await expect(tx.readOnce(a, 'SELECT 1; SELECT 2', [])).rejects.toThrow(/one statement/);
  });

  it('rejects a malformed tenant id before touching the database', async () => {
    await expect(tx.run("x' OR 1=1 --", () => Promise.resolve(1))).rejects.toThrow(/Not a tenant id/);
  });

  it('keeps the audit log append-only', async () => {
    const user = await ds
      .getRepository(User)
      .save({ xeroUserId: `xu-${randomUUID()}`, email: 'a@example.com', displayName: 'A' });
    const entry = await tx.run(a, (m) =>
      m.save(m.create(AuditLogEntry, { tenantId: a, actorKind: 'user', actorId: user.id, action: 'test.appended' })),
    );
    await expect(tx.run(a, (m) => m.update(AuditLogEntry, { id: entry.id }, { action: 'tampered' }))).rejects.toThrow(
      /append-only/,
    );
    await expect(tx.run(a, (m) => m.delete(AuditLogEntry, { id: entry.id }))).rejects.toThrow(/append-only/);
    const seenByB = await tx.run(b, (m) => m.count(AuditLogEntry));
    expect(seenByB).toBe(0);
  });
});
