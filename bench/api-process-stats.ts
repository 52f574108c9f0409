// What the api benches (api-p95, webhook-ingest) read about the processes they load: CPU and RSS
// of the api process from /proc, and the CPU of the bench database's PostgreSQL backends.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { DataSource } from 'typeorm';
import { findFreePort } from '../scripts/devstack/ports';
import { AppProcess, startAppProcess } from '../scripts/testing/app-process';

/** CPU time (user + system) a process has used so far, in ms; 0 once it has gone. */
export function cpuMs(pid: number): number {
  try {
    // fields after the command's closing parenthesis: utime and stime are the 12th and 13th
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** A process's resident set now, in MB; 0 once it has gone. */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : 0;
  } catch {
    return 0;
  }
}

/** The bench database's backends and the CPU each has used so far (PostgreSQL's share of the load). */
export async function backendCpu(owner: DataSource): Promise<Map<number, number>> {
  const rows = await owner.query<Array<{ pid: number }>>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
}

/** The nearest-rank percentile (q in 0..1) of `values`; 0 when there are none. */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))];
}

/** The machine's 1-minute load average: these benches share the machine, and say how loaded it was. */
export function loadAverage1m(): number {
  return Math.round(loadavg()[0] * 10) / 10;
}

/**
 * One api process for a bench, on a free loopback port. `profileDir`: the api writes a V8 CPU
 * profile there when it stops (bench/api-cpu-profile.cjs).
 */
export async function startBenchApi(env: Record<string, string>, profileDir?: string): Promise<AppProcess> {
  const port = await findFreePort();
  return startAppProcess({
    name: 'api',
    entry: 'apps/api/src/main.ts',
    port,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      ...env,
      ...(profileDir ? { NODE_OPTIONS: `-r ${__dirname}/api-cpu-profile.cjs`, API_P95_CPU_PROF: profileDir } : {}),
    },
  });
}
