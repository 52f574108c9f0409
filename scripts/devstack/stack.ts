// The embedded defaults shared by the dev launcher and the test runner: PostgreSQL (embedded)
// and Redis (local redis-server), each started only when its URL is not already given.
import { randomBytes } from 'node:crypto';
import { bootstrapDatabase, roleUrl } from '../../libs/database/src/bootstrap/bootstrap-roles';
import { startEmbeddedPostgres } from './postgres';
import { startLocalRedis } from './redis';

export interface StackUrls {
  DATABASE_URL: string;
  DATABASE_OWNER_URL: string;
  SANDBOX_DATABASE_URL: string;
  REDIS_URL: string;
}

export interface Stack {
  urls: StackUrls;
  started: string[];
  /** The embedded server's superuser (set-up only; undefined when the database was given). */
  superuserUrl?: string;
  stop: () => Promise<void>;
}

export async function startStack(opts: {
  dataDir: string;
  persistent: boolean;
  database: string;
  sandboxDatabase: string;
  env: NodeJS.ProcessEnv;
}): Promise<Stack> {
  const stops: Array<() => Promise<void>> = [];
  const started: string[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  try {
    let db: Pick<StackUrls, 'DATABASE_URL' | 'DATABASE_OWNER_URL' | 'SANDBOX_DATABASE_URL'>;
    let superuserUrl: string | undefined;
    if (opts.env.DATABASE_URL) {
      const { DATABASE_URL, DATABASE_OWNER_URL, SANDBOX_DATABASE_URL } = opts.env;
      if (!DATABASE_OWNER_URL || !SANDBOX_DATABASE_URL) {
        throw new Error('With DATABASE_URL set, DATABASE_OWNER_URL and SANDBOX_DATABASE_URL must be set too');
      }
      db = { DATABASE_URL, DATABASE_OWNER_URL, SANDBOX_DATABASE_URL };
    } else {
      // Local-only credentials for a loopback server; persistent across dev restarts.
      const password = opts.persistent ? 'ledgerbridge-dev' : randomBytes(12).toString('hex');
      const pg = await startEmbeddedPostgres({ dataDir: `${opts.dataDir}/pg`, persistent: opts.persistent, password });
      stops.push(pg.stop);
      superuserUrl = pg.superuserUrl();
      started.push(`embedded PostgreSQL on 127.0.0.1:${pg.port}`);
      const owner = { name: 'lb_owner', password };
      const runtime = { name: 'lb_app', password };
      // The sandbox is the far side of the wire: its own role and database, no way into ours.
      const sandbox = { name: 'lb_sandbox', password };
      await bootstrapDatabase({
        superuserUrl: pg.superuserUrl(),
        database: opts.database,
        owner,
        runtime,
        sandbox: { database: opts.sandboxDatabase, role: sandbox },
      });
      db = {
        DATABASE_URL: roleUrl(pg.superuserUrl(), opts.database, runtime),
        DATABASE_OWNER_URL: roleUrl(pg.superuserUrl(), opts.database, owner),
        SANDBOX_DATABASE_URL: roleUrl(pg.superuserUrl(), opts.sandboxDatabase, sandbox),
      };
    }
    let redisUrl = opts.env.REDIS_URL;
    if (!redisUrl) {
      const redis = await startLocalRedis(opts.persistent ? { dataDir: `${opts.dataDir}/redis` } : {});
      stops.push(redis.stop);
      started.push(`redis-server on ${redis.url}`);
      redisUrl = redis.url;
    }
    return { urls: { ...db, REDIS_URL: redisUrl }, started, superuserUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
