import { DataSource, EntityManager } from 'typeorm';
import { ownerDataSource, runtimeDataSource } from '#lb/testing';

/** What a tenant policy may compare its key column with: the transaction's tenant, nothing else. */
const TENANT_OF_TRANSACTION = [
  /^\(SELECT lb_current_tenant\(\) AS lb_current_tenant\)$/,
  /^lb_current_tenant\(\)$/,
  /^\(?current_setting\('app\.tenant_id'::text(, true)?\)\)?::uuid$/,
  /^\(NULLIF\(current_setting\('app\.tenant_id'::text, true\), ''::text\)\)::uuid$/,
];

/**
 * Reviewed exceptions: tables whose WITH CHECK may also admit tenant-less system rows, and only
 * from a transaction with no tenant context (so a tenant can never write one).
 */
const TENANTLESS_SYSTEM_ROWS: Record<string, string> = {
  job_outbox: 'system jobs (sweeps, schedules) belong to no tenant; the outbox relay sends them',
};
const SYSTEM_ROW_CLAUSE =
  "((tenant_id IS NULL) AND (COALESCE(current_setting('app.tenant_id'::text, true), ''::text) = ''::text)) OR ";

interface PolicyRow {
  table: string;
  policy: string;
  permissive: string;
  roles: string[];
  cmd: string;
  qual: string | null;
  with_check: string | null;
}

/** `(tenant_id = (SELECT lb_current_tenant() AS lb_current_tenant))` names the tenant of the transaction. */
function namesTenant(expression: string, keyColumn: string, systemRows = false): boolean {
  const bare = expression
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/^\((.*)\)$/, '$1');
  if (systemRows && bare.startsWith(SYSTEM_ROW_CLAUSE))
    return namesTenant(bare.slice(SYSTEM_ROW_CLAUSE.length), keyColumn);
  const prefix = `${keyColumn} = `;
  if (!bare.startsWith(prefix)) return false;
  const compared = bare.slice(prefix.length);
  return TENANT_OF_TRANSACTION.some((shape) => shape.test(compared));
}

/**
 * Every table with a tenant_id column (and tenants itself, keyed by id): forced RLS, at least one
 * USING and one WITH CHECK, and every policy on it, whatever its command, compares the key column
 * with the transaction's tenant in USING and in WITH CHECK. Returns what is wrong.
 */
async function rlsProblems(m: DataSource | EntityManager): Promise<string[]> {
  const tables: Array<{ table: string; enabled: boolean; forced: boolean }> = await m.query(`
    SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r'
      AND (c.relname = 'tenants' OR EXISTS (
        SELECT 1 FROM information_schema.columns col
        WHERE col.table_schema = 'public' AND col.table_name = c.relname AND col.column_name = 'tenant_id'))
    ORDER BY 1`);
  const policies: PolicyRow[] = await m.query(`
    SELECT tablename AS table, policyname AS policy, permissive, roles::text[] AS roles, cmd, qual, with_check
    FROM pg_policies WHERE schemaname = 'public'`);
  const problems: string[] = tables.length < 5 ? [`only ${tables.length} tenant tables found`] : [];
  for (const t of tables) {
    const key = t.table === 'tenants' ? 'id' : 'tenant_id';
    const own = policies.filter((p) => p.table === t.table);
    if (!t.enabled || !t.forced) problems.push(`${t.table}: row-level security not enabled and forced`);
    if (!own.some((p) => p.qual)) problems.push(`${t.table}: no USING policy`);
    if (!own.some((p) => p.with_check)) problems.push(`${t.table}: no WITH CHECK policy`);
    for (const p of own) {
      const where = `${t.table}.${p.policy}`;
      const reads = ['ALL', 'SELECT', 'UPDATE', 'DELETE'].includes(p.cmd);
      const writes = ['ALL', 'INSERT', 'UPDATE'].includes(p.cmd);
      if (reads && !(p.qual && namesTenant(p.qual, key))) problems.push(`${where}: USING is ${p.qual}`);
      // UPDATE without WITH CHECK reuses USING; ALL and INSERT must say it themselves.
      const check = p.with_check ?? (p.cmd === 'UPDATE' ? p.qual : null);
      const systemRows = t.table in TENANTLESS_SYSTEM_ROWS;
      if (writes && !(check && namesTenant(check, key, systemRows)))
        problems.push(`${where}: WITH CHECK is ${p.with_check}`);
      if (p.permissive !== 'PERMISSIVE' || p.roles.join() !== 'public') {
        problems.push(`${where}: ${p.permissive} for ${p.roles.join()}`);
      }
    }
  }
  return problems;
}

/**
 * Fails when a table that holds tenant data is not protected, or a policy on it says anything
 * but "this tenant's rows". A new tenant table added without `lb_enable_tenant_rls`, or a
 * policy such as USING (true) beside the standard one, breaks this test.
 */
describe('RLS catalogue', () => {
  let ds: DataSource;
  beforeAll(async () => (ds = await runtimeDataSource(1)));
  afterAll(() => ds.destroy());

  it('protects every tenant table with forced RLS whose USING and WITH CHECK name the current tenant', async () => {
    expect(await rlsProblems(ds)).toEqual([]);
  });

  it('notices a policy that lets rows through without naming the tenant', async () => {
    const owner = await ownerDataSource();
    const qr = owner.createQueryRunner();
    await qr.startTransaction();
    try {
      await qr.query(`CREATE POLICY open_read ON probe_runs FOR SELECT USING (true)`);
      await qr.query(`CREATE POLICY other_tenant ON secrets WITH CHECK (tenant_id IS NOT NULL)`);
      await qr.query(`ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY`);
      expect(await rlsProblems(qr.manager)).toEqual([
        'memberships: row-level security not enabled and forced',
        'probe_runs.open_read: USING is true',
        'secrets.other_tenant: USING is null',
        'secrets.other_tenant: WITH CHECK is (tenant_id IS NOT NULL)',
      ]);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
      await owner.destroy();
    }
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
