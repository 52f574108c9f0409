// One sync proof world at a time on the shared test database (a session advisory lock, held until
// the world closes): each world's sweep claims every tenant's due polls and drains for its own
// Redis, whose worker would then call its own Xero sandbox for another world's tenants (401, paused).
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
