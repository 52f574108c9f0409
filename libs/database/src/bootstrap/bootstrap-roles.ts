// Creates the two database roles and the databases. Run with a superuser (or CREATEROLE) URL by
// the dev launcher, the test runner, and by operators once per environment
// (`npm run db:bootstrap`); never by the apps themselves.
import { Client } from 'pg';

export interface DatabaseBootstrapPlan {
  /** A URL of a role allowed to create roles and databases. */
  superuserUrl: string;
  database: string;
  owner: { name: string; password: string };
  runtime: { name: string; password: string };
  /** Extra databases owned by the owner role (e.g. the sandbox's own). */
  extraDatabases?: string[];
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

export function roleUrl(superuserUrl: string, database: string, role: { name: string; password: string }): string {
  const parsed = new URL(withDatabase(superuserUrl, database));
  parsed.username = role.name;
  parsed.password = role.password;
  return parsed.toString();
}

async function ensureRole(client: Client, role: { name: string; password: string }, attrs: string): Promise<void> {
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
  const verb = exists.rowCount ? 'ALTER' : 'CREATE';
  const password = (await client.query('SELECT quote_literal($1) AS q', [role.password])).rows[0].q;
  await client.query(`${verb} ROLE ${ident(role.name)} WITH LOGIN ${attrs} PASSWORD ${password}`);
}

export async function bootstrapDatabase(plan: DatabaseBootstrapPlan): Promise<void> {
  const admin = new Client({ connectionString: plan.superuserUrl });
  await admin.connect();
  try {
    // The owner runs migrations and owns the SECURITY DEFINER functions of the system door.
    await ensureRole(admin, plan.owner, 'NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS');
    // The runtime role may never bypass row-level security, own tables or create roles.
    await ensureRole(admin, plan.runtime, 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT');
    for (const db of [plan.database, ...(plan.extraDatabases ?? [])]) {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (!exists.rowCount) await admin.query(`CREATE DATABASE ${ident(db)} OWNER ${ident(plan.owner.name)}`);
    }
  } finally {
    await admin.end();
  }

  const inDb = new Client({ connectionString: withDatabase(plan.superuserUrl, plan.database) });
  await inDb.connect();
  try {
    const owner = ident(plan.owner.name);
    const runtime = ident(plan.runtime.name);
    await inDb.query(`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
    await inDb.query(`ALTER SCHEMA public OWNER TO ${owner}`);
    await inDb.query(`GRANT CONNECT ON DATABASE ${ident(plan.database)} TO ${runtime}`);
    await inDb.query(`GRANT USAGE ON SCHEMA public TO ${runtime}`);
    // Whatever the owner creates later (through migrations) is usable, never owned, by runtime.
    await inDb.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${runtime}`,
    );
    await inDb.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${runtime}`,
    );
    await inDb.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO ${runtime}`,
    );
    await inDb.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
  } finally {
    await inDb.end();
  }
}
