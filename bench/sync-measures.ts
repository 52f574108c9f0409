// Measures the sync benches share: records written per Xero minute (from our persisted write
// batches), the ceiling figure over full minutes, and the worker process's peak RSS.
import { readFileSync } from 'node:fs';
import type { SyncTenant, SyncWorld } from '../apps/worker/test/sync-world';

/** Records Xero accepted (ok outcomes of our write batches), per Xero minute since `from`. */
export async function writesPerMinute(
  world: SyncWorld,
  t: SyncTenant,
  from: Date,
  clockScale: number,
): Promise<{ perMinute: number[]; lastMs: number }> {
  const rows = await world.owner.query<Array<{ at: Date; ok: number }>>(
    `SELECT completed_at AS at,
       (SELECT count(*) FROM jsonb_array_elements(coalesce(outcomes, '[]'::jsonb)) o WHERE o->>'status' = 'ok')::int AS ok
     FROM xero_write_batches
     WHERE tenant_id = $1 AND connection_id = $2 AND completed_at >= $3 ORDER BY completed_at`,
    [t.tenantId, t.xeroConnectionId, from],
  );
  const perMinute: number[] = [];
  let lastMs = 0;
  for (const r of rows) {
    const ms = (new Date(r.at).getTime() - from.getTime()) * clockScale;
    const minute = Math.floor(ms / 60_000);
    while (perMinute.length <= minute) perMinute.push(0);
    perMinute[minute] += r.ok;
    lastMs = Math.max(lastMs, ms);
  }
  return { perMinute, lastMs };
}

/**
 * Records, Xero minutes from the flows' switch-on to the last write, and the mean of the full
 * minutes after the first (the first holds start-up and the X3 read; the last is partial).
 */
export function ceilingOf(w: { perMinute: number[]; lastMs: number }) {
  const records = w.perMinute.reduce((a, b) => a + b, 0);
  const full = w.perMinute.slice(1, Math.floor(w.lastMs / 60_000));
  return {
    records,
    sandboxMinutes: w.lastMs / 60_000,
    fullMinutes: full.length,
    perFullMinute: full.length ? full.reduce((a, b) => a + b, 0) / full.length : 0,
  };
}

/** Peak resident set of another process (Linux /proc), sampled every 0.5 s. */
export class RssSampler {
  private peakKb = 0;
  private timer: NodeJS.Timeout | undefined;

  watch(pid: number): void {
    this.stop();
    const sample = () => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
        this.peakKb = Math.max(this.peakKb, kb);
      } catch {
        // the process has exited
      }
    };
    sample();
    this.timer = setInterval(sample, 500);
  }

  peakMb(): number {
    return Math.round(this.peakKb / 1024);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
