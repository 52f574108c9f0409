import { Injectable } from '@nestjs/common';

/** One Accounting API call as the rate limiter saw it, on the sandbox clock (epoch ms). */
export interface LoggedCall {
  seq: number;
  clientId: string;
  startMs: number;
  /** When the response closed (the limiter's in-flight slot freed); null while in flight. */
  endMs: number | null;
  /** HTTP status sent; 429 for a call the limiter refused. */
  status: number | null;
  /** X-Rate-Limit-Problem of a refused call (minute, day, concurrent, appminute …). */
  problem?: string;
}

/** Calls kept per organisation: older ones are dropped and counted, so a reader knows it missed some. */
const KEEP_PER_ORG = 200_000;

interface OrgLog {
  calls: LoggedCall[];
  dropped: number;
}

/**
 * Every call that reached the rate limiter, per organisation, admitted or refused: the far side's
 * own record of how hard an app pushed an organisation, which a soak reads instead of the app's
 * counters. In memory like the limiter (the sandbox runs as one process).
 */
@Injectable()
export class CallLog {
  private readonly orgs = new Map<string, OrgLog>();
  private seq = 0;

  /** Records a call; the returned function closes it with the status it ended with. */
  record(
    tenantId: string,
    clientId: string,
    startMs: number,
    refused?: string,
  ): (endMs: number, status: number) => void {
    let log = this.orgs.get(tenantId);
    if (!log) this.orgs.set(tenantId, (log = { calls: [], dropped: 0 }));
    const call: LoggedCall = { seq: ++this.seq, clientId, startMs, endMs: null, status: null };
    if (refused) Object.assign(call, { endMs: startMs, status: 429, problem: refused });
    log.calls.push(call);
    if (log.calls.length > KEEP_PER_ORG) {
      const over = log.calls.length - KEEP_PER_ORG;
      log.calls.splice(0, over);
      log.dropped += over;
    }
    return (endMs, status) => {
      if (call.endMs !== null) return;
      call.endMs = endMs;
      call.status = status;
    };
  }

  /** The organisation's calls with seq above `after`, oldest first, at most `limit`. */
  since(tenantId: string, after: number, limit: number): { calls: LoggedCall[]; dropped: number } {
    const log = this.orgs.get(tenantId);
    if (!log) return { calls: [], dropped: 0 };
    const from = firstAbove(log.calls, after);
    return { calls: log.calls.slice(from, from + limit).map((c) => ({ ...c })), dropped: log.dropped };
  }

  forget(tenantId: string): void {
    this.orgs.delete(tenantId);
  }
}

/** Index of the first call whose seq is above `after` (seqs only grow, so binary search). */
function firstAbove(calls: LoggedCall[], after: number): number {
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (calls[mid].seq <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
