import { DataSource } from 'typeorm';
import { runtimeDataSource } from '#lb/testing';

/**
 * Fails when a table that holds tenant data is not protected: every table with a tenant_id
 * column (and tenants itself) must have forced RLS, a USING policy and a WITH CHECK policy.
 * A new tenant table added without `lb_enable_tenant_rls` breaks this test.
 */
describe('RLS catalogue', () => {
  let ds: DataSource;
  beforeAll(async () => (ds = await runtimeDataSource(1)));
  afterAll(() => ds.destroy());

  it('protects every tenant table with forced RLS, USING and WITH CHECK', async () => {
    const tables: Array<{ table: string; enabled: boolean; forced: boolean; using: number; checks: number }> =
      await ds.query(`
      SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             (SELECT count(*)::int FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname AND p.qual IS NOT NULL) AS using,
             (SELECT count(*)::int FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname AND p.with_check IS NOT NULL) AS checks
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
        AND (c.relname = 'tenants' OR EXISTS (
          SELECT 1 FROM information_schema.columns col
          WHERE col.table_schema = 'public' AND col.table_name = c.relname AND col.column_name = 'tenant_id'))
      ORDER BY 1`);
    expect(tables.length).toBeGreaterThanOrEqual(5);
    const unprotected = tables
      .filter((t) => !t.enabled || !t.forced || t.using === 0 || t.checks === 0)
      .map((t) => t.table);
    expect(unprotected).toEqual([]);
  });

  it('runs as a role that cannot bypass RLS, own tables or create roles', async () => {
    const [role] = await ds.query(`
      SELECT r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
             (SELECT count(*)::int FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner = current_user) AS owned,
             (SELECT count(*)::int FROM pg_auth_members m WHERE m.member = r.oid) AS memberships
      FROM pg_roles r WHERE r.rolname = current_user`);
    expect(role).toEqual({
      rolsuper: false,
      rolbypassrls: false,
      rolcreaterole: false,
      rolcreatedb: false,
      owned: 0,
      memberships: 0,
    });
  });

  it('cannot switch RLS off or change policies', async () => {
    await expect(ds.query('ALTER TABLE probe_runs DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/);
    await expect(ds.query('SET row_security = off')).resolves.toBeDefined();
    // With row_security off, a query that RLS would filter errors instead of bypassing.
    await expect(ds.query('SELECT * FROM probe_runs')).rejects.toThrow();
    await ds.query('RESET row_security');
  });
});
