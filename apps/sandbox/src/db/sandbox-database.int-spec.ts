import { eventually, requireEnv } from '#lb/testing';
import { SandboxDatabase } from './sandbox-database';

/** PostgreSQL restarting drops every connection; the sandbox must ride that out, not crash. */
describe('sandbox database', () => {
  it('survives its idle connections being cut and serves the next query', async () => {
    const db = new SandboxDatabase(requireEnv('SANDBOX_DATABASE_URL'));
    const killer = new SandboxDatabase(requireEnv('SANDBOX_DATABASE_URL'));
    try {
      const [{ pid }] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(db.pool.totalCount).toBe(1);
      await killer.query('SELECT pg_terminate_backend($1)', [pid]);
      // The pool notices and drops the idle client (emitting 'error': unhandled, that would crash us here).
      await eventually('the lost client to be dropped', () =>
        Promise.resolve(db.pool.totalCount === 0 ? true : undefined),
      );
      const [{ ok }] = await db.query<{ ok: number }>('SELECT 1 AS ok');
      expect(ok).toBe(1);
    } finally {
      await db.pool.end();
      await killer.pool.end();
    }
  });
});
