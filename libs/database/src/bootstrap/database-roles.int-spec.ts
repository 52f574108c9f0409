import { Client } from 'pg';
import { requireEnv } from '#lb/testing';

/** A client on `url`, or on `url`'s role and password against another database. */
function client(url: string, database?: string): Client {
  const parsed = new URL(url);
  if (database) parsed.pathname = `/${database}`;
  return new Client({ connectionString: parsed.toString() });
}

async function ask<T>(url: string, sql: string): Promise<T> {
  const c = client(url);
  await c.connect();
  try {
    return (await c.query(sql)).rows[0] as T;
  } finally {
    await c.end();
  }
}

async function connectError(url: string, database: string): Promise<string> {
  const c = client(url, database);
  try {
    await c.connect();
    await c.end();
    return 'connected';
  } catch (error) {
    return (error as Error).message;
  }
}

const databaseOf = (url: string) => new URL(url).pathname.slice(1);

describe('database roles (as the bootstrap makes them)', () => {
  const productUrl = requireEnv('DATABASE_URL');
  const ownerUrl = requireEnv('DATABASE_OWNER_URL');
  const sandboxUrl = requireEnv('SANDBOX_DATABASE_URL');

  it("gives the sandbox its own role, which owns its database and is not the product's owner", async () => {
    const sandbox = await ask<Record<string, unknown>>(
      sandboxUrl,
      `SELECT current_user AS role, r.rolsuper AS super, r.rolbypassrls AS bypassrls, r.rolcreaterole AS createrole,
              r.rolcreatedb AS createdb, pg_get_userbyid(d.datdba) AS database_owner
       FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`,
    );
    const owner = await ask<{ role: string }>(ownerUrl, 'SELECT current_user AS role');
    const runtime = await ask<{ role: string }>(productUrl, 'SELECT current_user AS role');
    expect(sandbox.role).not.toBe(owner.role);
    expect(sandbox.role).not.toBe(runtime.role);
    expect(sandbox).toEqual({
      role: sandbox.role,
      super: false,
      bypassrls: false,
      createrole: false,
      createdb: false,
      database_owner: sandbox.role,
    });
  });

  it("keeps the sandbox out of the product's database and the product out of the sandbox's", async () => {
    expect(await connectError(sandboxUrl, databaseOf(productUrl))).toMatch(/permission denied for database/);
    expect(await connectError(productUrl, databaseOf(sandboxUrl))).toMatch(/permission denied for database/);
    expect(await connectError(ownerUrl, databaseOf(sandboxUrl))).toMatch(/permission denied for database/);
  });

  it('lets no role but the runtime and the owner connect to the product database', async () => {
    const { grantees } = await ask<{ grantees: string[] }>(
      ownerUrl,
      `SELECT array_agg(CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END) AS grantees
       FROM pg_database d CROSS JOIN LATERAL aclexplode(d.datacl) a
       WHERE d.datname = current_database() AND a.privilege_type = 'CONNECT'`,
    );
    const runtime = await ask<{ role: string }>(productUrl, 'SELECT current_user AS role');
    const owner = await ask<{ role: string }>(ownerUrl, 'SELECT current_user AS role');
    expect([...grantees].sort()).toEqual([owner.role, runtime.role].sort());
  });
});
