// The worker's heap cap, one figure for every way it is started (npm start, docker-compose, the
// reconciliation bench, which measures a process started like it). V8 sizes its heap from the host's
// memory and, on a large host, defers collection: an uncapped worker's RSS follows the host, not
// its live set. 384 MB is three quarters of the 512 MB a worker container is given
// (docs/operations.md, "Deploy"). LB_WORKER_HEAP_MB overrides it where the container is larger.
export const WORKER_HEAP_MB = 384;

export function workerHeapMb(env: NodeJS.ProcessEnv = process.env): number {
  const given = Number(env.LB_WORKER_HEAP_MB);
  return Number.isInteger(given) && given >= 128 ? given : WORKER_HEAP_MB;
}

/** The node flag that caps the worker's heap. */
export const workerNodeFlags = (env: NodeJS.ProcessEnv = process.env): string[] => [
  `--max-old-space-size=${workerHeapMb(env)}`,
];
