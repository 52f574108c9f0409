// Suites that run worker processes share one Redis with every other suite of the run (jest runs two
// files at once). Bull queues are global to a Redis database, so one suite's worker would take
// another suite's jobs, configured for another sandbox. Each such suite takes its own database.
import Redis from 'ioredis';

const COUNTER_KEY = 'lb-test:next-redis-db';
/** Redis's default 16 databases: 0 stays the run's shared one, 1-15 are handed out in turn. */
const PRIVATE_DBS = 15;

/** REDIS_URL pointing at a database no other running suite uses, emptied first. */
export async function isolatedRedisUrl(): Promise<string> {
  const shared = process.env.REDIS_URL;
  if (!shared) throw new Error('REDIS_URL is not set: run integration tests through `npm test`');
  const counter = new Redis(shared);
  try {
    const n = await counter.incr(COUNTER_KEY);
    const url = new URL(shared);
    url.pathname = `/${1 + ((n - 1) % PRIVATE_DBS)}`;
    const own = new Redis(url.toString());
    try {
      await own.flushdb();
    } finally {
      own.disconnect();
    }
    return url.toString();
  } finally {
    counter.disconnect();
  }
}
