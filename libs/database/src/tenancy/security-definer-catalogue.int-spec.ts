import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ownerDataSource, runtimeDataSource } from '#lb/testing';

/**
 * REVIEW A DIFF IN security-definer-functions.json AS A PERMISSION CHANGE. Every function the
 * owner role owns is compared with that file: whether it runs as its owner (SECURITY DEFINER),
 * who besides the owner may EXECUTE it, and its search_path. A new function, a new grant, or a
 * PUBLIC grant (PostgreSQL's default) fails here until the file says so, with a reason.
 */
const REVIEWED = join(__dirname, 'security-definer-functions.json');

interface FunctionEntry {
  securityDefiner: boolean;
  grantedTo: string[];
  searchPath: string | null;
}

describe('functions of the owner role', () => {
  let runtime: DataSource;
  let owner: DataSource;
  let runtimeRole: string;

  beforeAll(async () => {
    runtime = await runtimeDataSource(1);
    owner = await ownerDataSource();
    [{ runtimeRole }] = await runtime.query('SELECT current_user AS "runtimeRole"');
  });
  afterAll(async () => {
    await runtime.destroy();
    await owner.destroy();
  });

  async function catalogue(ds: DataSource, where = 'true'): Promise<Record<string, FunctionEntry>> {
    const rows: Array<{ fn: string; definer: boolean; grantees: string[]; config: string[] | null }> = await ds.query(`
      SELECT p.oid::regprocedure::text AS fn, p.prosecdef AS definer, p.proconfig AS config,
             ARRAY(SELECT DISTINCT CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END
                   FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                   WHERE a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner ORDER BY 1) AS grantees
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.proowner = (SELECT nspowner FROM pg_namespace WHERE nspname = 'public')
        AND ${where}
      ORDER BY 1`);
    return Object.fromEntries(
      rows.map((r) => [
        r.fn,
        {
          securityDefiner: r.definer,
          grantedTo: r.grantees.map((g) => (g === runtimeRole ? 'runtime' : g)),
          searchPath: r.config?.find((c) => c.startsWith('search_path='))?.slice('search_path='.length) ?? null,
        },
      ]),
    );
  }

  it('matches the reviewed list: definer, grants and search_path of every function', async () => {
    const reviewed = JSON.parse(readFileSync(REVIEWED, 'utf8')) as {
      functions: Record<string, FunctionEntry & { reason: string }>;
    };
    const expected = Object.fromEntries(
      Object.entries(reviewed.functions).map(([fn, { reason, ...entry }]) => {
        expect(reason.length).toBeGreaterThan(20); // every entry says why
        return [fn, entry];
      }),
    );
    expect(await catalogue(runtime)).toEqual(expected);
  });

  it('pins the search_path of every SECURITY DEFINER function, so no caller can shadow a table', async () => {
    const definers = await catalogue(runtime, 'p.prosecdef');
    expect(Object.keys(definers).length).toBeGreaterThanOrEqual(10);
    for (const [fn, entry] of Object.entries(definers)) expect([fn, entry.searchPath]).toEqual([fn, 'public, pg_temp']);
  });

  it('gives a function a migration creates to no one until the migration grants it', async () => {
    const qr = owner.createQueryRunner();
    await qr.startTransaction();
    try {
      await qr.query('CREATE FUNCTION lb_probe_new_function() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$');
      const [row]: unknown[] = await qr.query(
        `SELECT has_function_privilege('public', 'lb_probe_new_function()', 'EXECUTE') AS public,
                has_function_privilege($1, 'lb_probe_new_function()', 'EXECUTE') AS runtime`,
        [runtimeRole],
      );
      expect(row).toEqual({ public: false, runtime: false });
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });

  it('refuses the runtime role the migration helpers', async () => {
    await expect(runtime.query(`SELECT lb_enable_tenant_rls('probe_runs')`)).rejects.toThrow(/permission denied/);
    await expect(runtime.query(`SELECT lb_grant_to_runtime('lb_runtime_role()')`)).rejects.toThrow(/permission denied/);
  });
});
