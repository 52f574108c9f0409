// Waiting on the sync engine: poll a condition, fail at once when the worker process has died,
// and fail early when nothing has moved for a while — with what was last seen, the pending
// changes per state and the worker's last log lines, so a red test says why.
import { DataSource } from 'typeorm';

/** flow key → state → count of the integration's pending changes. */
export type PendingCounts = Record<string, Record<string, number>>;

export async function countsOf(owner: DataSource, tenantId: string, integrationId: string): Promise<PendingCounts> {
  const rows = await owner.query<Array<{ flow_key: string; state: string; n: number }>>(
    `SELECT flow_key, state, count(*)::int AS n FROM sync_pending_changes
     WHERE tenant_id = $1 AND integration_id = $2 GROUP BY flow_key, state`,
    [tenantId, integrationId],
  );
  const out: PendingCounts = {};
  for (const r of rows) (out[r.flow_key] ??= {})[r.state] = r.n;
  return out;
}

/** Open (not yet settled for good) changes: pending, claimed or waiting. */
export function openCount(counts: PendingCounts, flowKey?: string): number {
  return Object.entries(counts)
    .filter(([k]) => !flowKey || k === flowKey)
    .reduce((sum, [, s]) => sum + (s.pending ?? 0) + (s.claimed ?? 0) + (s.waiting ?? 0), 0);
}

export function stateCount(counts: PendingCounts, state: string, flowKey?: string): number {
  return Object.entries(counts)
    .filter(([k]) => !flowKey || k === flowKey)
    .reduce((sum, [, s]) => sum + (s[state] ?? 0), 0);
}

interface ProbeHost {
  workerAlive(): boolean;
  workerOutput(): string;
}

/** What a check saw: `done` ends the wait; `progress` (anything JSON) tells movement from a stall. */
export interface Observation<T> {
  done?: T;
  progress: unknown;
}

/** The poll interval: short next to every timeout here, so waits end soon after their condition. */
const POLL_MS = 250;
/** Long waits say where they are now and then (a run of many minutes should not look hung). */
const REPORT_MS = 30_000;

export class SyncProbe {
  constructor(
    private readonly host: ProbeHost,
    private readonly what: string,
    private readonly opts: { timeoutMs: number; stallMs?: number; everyMs?: number },
  ) {}

  async until<T>(check: () => Promise<Observation<T>>): Promise<T> {
    const started = Date.now();
    let last = '';
    let movedAt = started;
    let reportedAt = started;
    for (;;) {
      const seen = await check();
      if (seen.done !== undefined) return seen.done;
      const now = JSON.stringify(seen.progress);
      if (now !== last) {
        last = now;
        movedAt = Date.now();
      }
      if (Date.now() - reportedAt > REPORT_MS) {
        reportedAt = Date.now();
        process.stderr.write(`waiting for ${this.what} (${Math.round((reportedAt - started) / 1000)} s): ${last}\n`);
      }
      if (!this.host.workerAlive()) this.fail('the worker process is not running', last);
      if (this.opts.stallMs && Date.now() - movedAt > this.opts.stallMs)
        this.fail(`nothing moved for ${Math.round((Date.now() - movedAt) / 1000)} s`, last);
      if (Date.now() - started > this.opts.timeoutMs)
        this.fail(`not done within ${Math.round(this.opts.timeoutMs / 1000)} s`, last);
      await new Promise((r) => setTimeout(r, this.opts.everyMs ?? POLL_MS));
    }
  }

  private fail(reason: string, last: string): never {
    const log = this.host.workerOutput().split('\n').slice(-40).join('\n');
    throw new Error(`waiting for ${this.what}: ${reason}; last seen ${last}\nworker log tail:\n${log}`);
  }
}
