// One sync proof world at a time (a session advisory lock on the run's shared database, held until
// the world closes). Each world has its own database and Redis now (suite-database.ts), so this is
// for the CPU: a world runs a sandbox, an api and a worker, and two of them on a 2-core machine
// stretch every wait the proofs make.
import { Client } from 'pg';
import { requireEnv } from '#lb/testing';

const SYNC_WORLD_LOCK = 774_211_001;

/** Waits for the lock; a leaked one fails the next world loudly instead of hanging the run. */
export async function takeSyncWorldLock(): Promise<Client> {
  const lock = new Client({ connectionString: requireEnv('DATABASE_OWNER_URL') });
  await lock.connect();
  try {
    await lock.query(`SET lock_timeout = '50min'`);
    await lock.query('SELECT pg_advisory_lock($1)', [SYNC_WORLD_LOCK]);
    return lock;
  } catch (e) {
    await lock.end().catch(() => undefined);
    throw e;
  }
}
