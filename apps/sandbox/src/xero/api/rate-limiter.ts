import { Inject, Injectable } from '@nestjs/common';
import { SandboxClock } from '../core/sandbox-clock';
import { XERO_SETTINGS } from '../xero-tokens';
import { XeroSettings } from '../xero-settings';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface Admission {
  ok: boolean;
  headers: Record<string, string>;
  problem?: string;
  retryAfterSeconds?: number;
  release: () => void;
}

interface Counter {
  minute: number[];
  day: number[];
  inFlight: number;
  forced?: { problem: 'minute' | 'day'; until: number };
}

/**
 * Xero's limits on the sandbox clock: per organisation per app 60/min (rolling), 5 in flight,
 * the day limit (rolling 24 h), and 10,000/min per app. Refused calls are not counted. Counters
 * live in this process: the sandbox runs as one process.
 */
@Injectable()
export class RateLimiter {
  private readonly counters = new Map<string, Counter>();
  private readonly apps = new Map<string, number[]>();

  constructor(
    @Inject(SandboxClock) private readonly clock: SandboxClock,
    @Inject(XERO_SETTINGS) private readonly settings: XeroSettings,
  ) {}

  admit(clientId: string, tenantId: string): Admission {
    const now = this.clock.now();
    const c = this.counter(clientId, tenantId, now);
    const app = (this.apps.get(clientId) ?? []).filter((t) => t > now - MINUTE);
    this.apps.set(clientId, app);
    const s = this.settings;
    const refuse = (problem: string, retryAfterMs: number): Admission => ({
      ok: false,
      problem,
      release: () => undefined,
      // Xero's seconds, as every duration on the wire (expires_in too): a client on a scaled clock
      // scales it (real seconds here made the connector come back 60 times too early at scale 60)
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
      headers: this.headers(c, app),
    });
    if (c.forced && c.forced.until > now) return refuse(c.forced.problem, c.forced.until - now);
    if (c.inFlight >= s.concurrentLimit) return refuse(s.concurrentProblem, 1000 * this.clock.scale);
    if (c.day.length >= s.dayLimit) return refuse('day', c.day[0] + DAY - now);
    if (c.minute.length >= s.minuteLimit) return refuse('minute', c.minute[0] + MINUTE - now);
    if (app.length >= s.appMinuteLimit) return refuse(s.appMinuteProblem, app[0] + MINUTE - now);
    c.minute.push(now);
    c.day.push(now);
    app.push(now);
    c.inFlight++;
    let released = false;
    return {
      ok: true,
      headers: this.headers(c, app),
      release: () => {
        if (!released) c.inFlight--;
        released = true;
      },
    };
  }

  /** Control API: the next calls get 429 for this long (sandbox seconds). */
  force(clientId: string | undefined, tenantId: string, problem: 'minute' | 'day', seconds: number): void {
    const now = this.clock.now();
    const keys = clientId
      ? [`${clientId}:${tenantId}`]
      : [...this.counters.keys()].filter((k) => k.endsWith(`:${tenantId}`));
    for (const key of keys) {
      const [cid] = key.split(':');
      this.counter(cid, tenantId, now).forced = { problem, until: now + seconds * 1000 };
    }
    if (!clientId) this.forcedForAll.set(tenantId, { problem, until: now + seconds * 1000 });
  }

  private readonly forcedForAll = new Map<string, { problem: 'minute' | 'day'; until: number }>();

  private counter(clientId: string, tenantId: string, now: number): Counter {
    const key = `${clientId}:${tenantId}`;
    let c = this.counters.get(key);
    if (!c) {
      c = { minute: [], day: [], inFlight: 0 };
      this.counters.set(key, c);
      const all = this.forcedForAll.get(tenantId);
      if (all && all.until > now) c.forced = { ...all };
    }
    c.minute = c.minute.filter((t) => t > now - MINUTE);
    if (c.day.length && c.day[0] <= now - DAY) c.day = c.day.filter((t) => t > now - DAY);
    return c;
  }

  private headers(c: Counter, app: number[]): Record<string, string> {
    const s = this.settings;
    return {
      'X-MinLimit-Remaining': String(Math.max(0, s.minuteLimit - c.minute.length)),
      'X-DayLimit-Remaining': String(Math.max(0, s.dayLimit - c.day.length)),
      'X-AppMinLimit-Remaining': String(Math.max(0, s.appMinuteLimit - app.length)),
    };
  }
}
