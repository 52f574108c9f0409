import type { Redis } from 'ioredis';

/** Where the latest worker heartbeat is kept; the api reads it to tell whether workers run. */
export const HEARTBEAT_KEY = 'lb:workers:heartbeat';
export const HEARTBEAT_EVERY_MS = 15_000;
/** Three missed beats and the workers count as down. */
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_EVERY_MS;

export interface WorkerHeartbeat {
  at: string;
  worker: string;
}

export async function readHeartbeat(redis: Redis): Promise<WorkerHeartbeat | null> {
  const raw = await redis.get(HEARTBEAT_KEY);
  return raw ? (JSON.parse(raw) as WorkerHeartbeat) : null;
}

export async function writeHeartbeat(redis: Redis, beat: WorkerHeartbeat): Promise<void> {
  await redis.set(HEARTBEAT_KEY, JSON.stringify(beat), 'PX', 24 * 3600_000);
}
