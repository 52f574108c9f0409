import Redis from 'ioredis';
import { Client } from 'pg';

function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 'default port'}${u.pathname}`;
  } catch {
    return 'an unparsable URL';
  }
}

/**
 * Before a process starts serving, prove its PostgreSQL and Redis answer, and name the
 * variable to fix when one does not (credentials never appear in the message).
 */
export async function preflight(env: { DATABASE_URL: string; REDIS_URL: string }, timeoutMs = 5_000): Promise<void> {
  const problems: string[] = [];
  const pg = new Client({ connectionString: env.DATABASE_URL, connectionTimeoutMillis: timeoutMs });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (error) {
    problems.push(
      `DATABASE_URL: cannot use PostgreSQL at ${describeTarget(env.DATABASE_URL)}: ${(error as Error).message}`,
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(env.REDIS_URL, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    problems.push(`REDIS_URL: cannot use Redis at ${describeTarget(env.REDIS_URL)}: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
  if (problems.length) throw new Error(`Cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
