// A PostgreSQL database of a suite's own, for suites whose worker process reaches across tenants.
//
// Every suite of a run shares one database, and the worker's system doors (the sync sweep, the
// outbox relay, the Xero grant sweeps) see every tenant in it. A proof world's worker therefore did
// work for other suites' tenants against its own sandboxes (full runs of 1 Dec: a sweep test found
// its poll taken; a trial's Xero connection marked needs-reauthorisation by a stranger's worker).
// A copy of the freshly migrated database, one per such suite, ends that: the doors stay as
// production has them, and each world only has its own tenants to find.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The jest environment names the template here (`npm test` makes it right after migrating). */
const TEMPLATE_ENV = 'TEST_DATABASE_TEMPLATE';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Copies the migrated test database into a template (nothing may be connected to the source, so
 * this runs before jest starts) and lets the owner role create databases from it. Returns the
 * environment that tells suites the template's name.
 */
export async function prepareSuiteDatabaseTemplate(
  superuserUrl: string,
  ownerUrl: string,
): Promise<Record<string, string>> {
  const source = new URL(ownerUrl).pathname.slice(1);
  const owner = decodeURIComponent(new URL(ownerUrl).username);
  const template = `${source}_template`;
  await withClient(superuserUrl, async (c) => {
    await c.query(`ALTER ROLE ${ident(owner)} CREATEDB`);
    await c.query(`DROP DATABASE IF EXISTS ${ident(template)}`);
    await c.query(`CREATE DATABASE ${ident(template)} TEMPLATE ${ident(source)} OWNER ${ident(owner)}`);
    await c.query(`REVOKE ALL ON DATABASE ${ident(template)} FROM PUBLIC`);
  });
  return { [TEMPLATE_ENV]: template };
}

export interface SuiteDatabase {
  /** DATABASE_URL (runtime role) and DATABASE_OWNER_URL of the suite's own database. */
  urls: { DATABASE_URL: string; DATABASE_OWNER_URL: string };
  /** Whether this is a copy (false: no template in this run, the shared database is used). */
  isolated: boolean;
  /** Drops the copy; every connection to it must be closed first. */
  drop: () => Promise<void>;
}

/**
 * A fresh copy of the migrated schema, reachable by the run's runtime and owner roles. A run
 * against a database given from outside (DATABASE_URL set, no template) shares that database.
 */
export async function isolatedDatabase(): Promise<SuiteDatabase> {
  const runtimeUrl = process.env.DATABASE_URL;
  const ownerUrl = process.env.DATABASE_OWNER_URL;
  if (!runtimeUrl || !ownerUrl) throw new Error('DATABASE_URL is not set: run integration tests through `npm test`');
  const template = process.env[TEMPLATE_ENV];
  if (!template) {
    return { urls: { DATABASE_URL: runtimeUrl, DATABASE_OWNER_URL: ownerUrl }, isolated: false, drop: async () => {} };
  }
  const name = `lb_suite_${randomBytes(5).toString('hex')}`;
  const runtime = decodeURIComponent(new URL(runtimeUrl).username);
  await withClient(ownerUrl, async (c) => {
    await c.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)}`);
    await c.query(`REVOKE ALL ON DATABASE ${ident(name)} FROM PUBLIC`);
    await c.query(`GRANT CONNECT ON DATABASE ${ident(name)} TO ${ident(runtime)}`);
  });
  return {
    urls: { DATABASE_URL: withDatabase(runtimeUrl, name), DATABASE_OWNER_URL: withDatabase(ownerUrl, name) },
    isolated: true,
    drop: () => withClient(ownerUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)}`)).then(() => undefined),
  };
}
