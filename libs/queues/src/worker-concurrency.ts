/**
 * Jobs a worker runs at once per processor. Read from the environment directly because Bull's
 * @Process decorator is evaluated when the module loads, before Nest builds the config provider;
 * the value is still validated at start-up (WORKER_CONCURRENCY in libs/config).
 */
export function workerConcurrency(): number {
  const value = Number(process.env.WORKER_CONCURRENCY ?? 5);
  return Number.isInteger(value) && value > 0 ? value : 5;
}
