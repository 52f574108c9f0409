// Creates the database roles and the databases. Run with a superuser (or CREATEROLE) URL by
// the dev launcher, the test runner, and by operators once per environment
// (`npm run db:bootstrap`); never by the apps themselves.
import { Client } from 'pg';

export interface RoleCredentials {
  name: string;
  password: string;
}

export interface DatabaseBootstrapPlan {
  /** A URL of a role allowed to create roles and databases. */
  superuserUrl: string;
  database: string;
  owner: RoleCredentials;
  runtime: RoleCredentials;
  /** The sandbox's own database and role (DESIGN.md: never the product's owner role). */
  sandbox?: { database: string; role: RoleCredentials };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function ident(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function roleUrl(superuserUrl: string, database: string, role: RoleCredentials): string {
  const parsed = new URL(withDatabase(superuserUrl, database));
  parsed.username = role.name;
  parsed.password = role.password;
  return parsed.toString();
}

async function ensureRole(client: Client, role: RoleCredentials, attrs: string): Promise<void> {
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
  const verb = exists.rowCount ? 'ALTER' : 'CREATE';
  const password = (await client.query<{ q: string }>('SELECT quote_literal($1) AS q', [role.password])).rows[0].q;
  await client.query(`${verb} ROLE ${ident(role.name)} WITH LOGIN ${attrs} PASSWORD ${password}`);
}

/** Creates the database owned by `owner`, or hands an existing one to it; only `owner` may connect. */
async function ensureDatabase(client: Client, database: string, owner: string): Promise<void> {
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (!exists.rowCount) await client.query(`CREATE DATABASE ${ident(database)} OWNER ${ident(owner)}`);
  else await client.query(`ALTER DATABASE ${ident(database)} OWNER TO ${ident(owner)}`);
  await client.query(`REVOKE ALL ON DATABASE ${ident(database)} FROM PUBLIC`);
}

async function inDatabase(superuserUrl: string, database: string, work: (c: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: withDatabase(superuserUrl, database) });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

export async function bootstrapDatabase(plan: DatabaseBootstrapPlan): Promise<void> {
  const admin = new Client({ connectionString: plan.superuserUrl });
  await admin.connect();
  try {
    // The owner runs migrations and owns the SECURITY DEFINER functions of the system door.
    await ensureRole(admin, plan.owner, 'NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS');
    // The runtime role may never bypass row-level security, own tables or create roles.
    await ensureRole(admin, plan.runtime, 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT');
    await ensureDatabase(admin, plan.database, plan.owner.name);
    if (plan.sandbox) {
      // The sandbox plays Xero and X3: its role owns its own database and nothing else.
      await ensureRole(admin, plan.sandbox.role, 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT');
      await ensureDatabase(admin, plan.sandbox.database, plan.sandbox.role.name);
    }
  } finally {
    await admin.end();
  }

  await inDatabase(plan.superuserUrl, plan.database, async (db) => {
    const owner = ident(plan.owner.name);
    const runtime = ident(plan.runtime.name);
    await db.query(`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
    await db.query(`ALTER SCHEMA public OWNER TO ${owner}`);
    await db.query(`GRANT CONNECT ON DATABASE ${ident(plan.database)} TO ${runtime}`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ${runtime}`);
    // Whatever the owner creates later (through migrations) is usable, never owned, by runtime.
    // Migrations find the runtime role by these table privileges (lb_runtime_role()).
    await db.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${runtime}`,
    );
    await db.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${runtime}`,
    );
    // Functions are executable by no one but the owner until a migration grants one
    // (lb_grant_to_runtime); PostgreSQL's default would give every new function to PUBLIC.
    await db.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC`);
    await db.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM ${runtime}`,
    );
    await db.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
  });

  const sandbox = plan.sandbox;
  if (sandbox) await inDatabase(plan.superuserUrl, sandbox.database, (db) => handOverSandbox(db, sandbox.role.name));
}

/** A sandbox database made before the sandbox had its own role keeps its data under the new role. */
async function handOverSandbox(db: Client, role: string): Promise<void> {
  await db.query(`ALTER SCHEMA public OWNER TO ${ident(role)}`);
  const tables = await db.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
     WHERE schemaname = 'public' AND tableowner <> $1`,
    [role],
  );
  for (const t of tables.rows) await db.query(`ALTER TABLE ${t.name} OWNER TO ${ident(role)}`);
}
