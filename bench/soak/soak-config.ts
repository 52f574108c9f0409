// `npm run soak` settings, from the environment (every one has a default; a bad value stops the
// run before anything starts, naming the variable).

export interface SoakConfig {
  minutes: number;
  tenants: number;
  apis: number;
  workers: number;
  /** Xero (sandbox) seconds per real second, given alike to the sandbox and our processes. */
  clockScale: number;
  /** X3 invoices each tenant posts per real minute while the soak runs (a new customer with every 5th). */
  invoicesPerTenantMinute: number;
  /** Tenants given a backlog at the start, so their organisations run against Xero's minute limit. */
  heavyTenants: number;
  heavyBacklog: number;
  /** Seconds between RSS samples of each api and worker process. */
  sampleSeconds: number;
  /** The first part of the run left out of the memory trend (start-up, first reads, backlogs). */
  warmupFraction: number;
  maxRssMbPerHour: number;
  /** Backstop for the final drain once load stops (real minutes). */
  drainMinutes: number;
  /** Tenants paired at once during set-up. */
  pairingConcurrency: number;
}

type Env = Record<string, string | undefined>;

function num(env: Env, name: string, fallback: number, check: (n: number) => boolean, rule: string): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new Error(`${name}=${raw}: must be ${rule}`);
  return n;
}

const int = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;

export function soakConfig(env: Env): SoakConfig {
  const tenants = num(env, 'SOAK_TENANTS', 100, int(1, 1000), 'an integer from 1 to 1000');
  const cfg: SoakConfig = {
    minutes: num(env, 'SOAK_MINUTES', 30, (n) => n >= 1 && n <= 24 * 60, 'minutes from 1 to 1440'),
    tenants,
    apis: num(env, 'SOAK_APIS', 2, int(1, 8), 'an integer from 1 to 8'),
    workers: num(env, 'SOAK_WORKERS', 3, int(1, 8), 'an integer from 1 to 8'),
    clockScale: num(env, 'SOAK_CLOCK_SCALE', 4, (n) => n >= 1 && n <= 60, 'from 1 to 60'),
    invoicesPerTenantMinute: num(env, 'SOAK_INVOICES_PER_TENANT_MINUTE', 2, (n) => n >= 0 && n <= 600, 'from 0 to 600'),
    heavyTenants: num(
      env,
      'SOAK_HEAVY_TENANTS',
      Math.min(2, tenants),
      int(0, tenants),
      `an integer from 0 to ${tenants}`,
    ),
    heavyBacklog: num(env, 'SOAK_HEAVY_BACKLOG', 3000, int(0, 100_000), 'an integer from 0 to 100000'),
    sampleSeconds: num(env, 'SOAK_SAMPLE_SECONDS', 10, (n) => n >= 1 && n <= 600, 'seconds from 1 to 600'),
    warmupFraction: num(env, 'SOAK_WARMUP_FRACTION', 0.33, (n) => n >= 0 && n < 1, 'from 0 to below 1'),
    maxRssMbPerHour: num(env, 'SOAK_MAX_RSS_MB_PER_HOUR', 20, (n) => n > 0, 'above 0'),
    drainMinutes: num(env, 'SOAK_DRAIN_MINUTES', 15, (n) => n >= 1 && n <= 240, 'minutes from 1 to 240'),
    pairingConcurrency: num(env, 'SOAK_PAIRING_CONCURRENCY', 3, int(1, 20), 'an integer from 1 to 20'),
  };
  return cfg;
}
