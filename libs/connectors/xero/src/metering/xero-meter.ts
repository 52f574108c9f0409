import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Counter, Registry } from 'prom-client';
import { DayTotals, MinuteUsage, RollingUsage, TenantDriver } from './usage-types';

export interface CallRecord {
  /** Our connection id: the organisation as this tenant knows it. */
  connectionId: string;
  /** The tenant that made the call, so operators can see which tenants drive the app's cost. */
  tenantId?: string;
  operation: string;
  outcome: string;
  bytesOut: number;
  bytesIn: number;
  /** X-DayLimit-Remaining on Xero's answer, when it sent one. */
  dayRemaining?: number;
  /** X-MinLimit-Remaining on Xero's answer, when it sent one. */
  minRemaining?: number;
}

export interface MeterOptions {
  prefix?: string;
  /** Xero seconds per real second (XERO_CLOCK_SCALE): the rolling day lasts 86,400 s / scale. */
  clockScale?: number;
  /** Epoch ms; injectable so tests can place calls 23 h and 25 h back. */
  now?: () => number;
}

const HISTORY_DAYS = 40;

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  const existing = registry.getSingleMetric(name);
  return (existing as Counter<string>) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Calls and bytes per organisation: Xero bills apps by connections and egress, so these are
 * product figures. prom-client for dashboards; in Redis (so every process adds to one total):
 * - a rolling log per connection (one sorted-set entry per call, scored by time), because Xero's
 *   day limit is a rolling 24 h, not a calendar day;
 * - UTC-day totals per connection (kept 40 days) for history, forecasts and billing;
 * - UTC-day totals per tenant, for the operators' "who drives the cost".
 */
export class XeroMeter {
  private readonly calls: Counter<string>;
  private readonly bytes: Counter<string>;
  private readonly prefix: string;
  private readonly now: () => number;
  readonly windowMs: number;
  /** Xero's minute limit window on the meter's clock (60 s / scale). */
  readonly minuteMs: number;

  constructor(
    registry: Registry,
    private readonly redis: Redis,
    opts: MeterOptions | string = {},
  ) {
    const o = typeof opts === 'string' ? { prefix: opts } : opts;
    this.prefix = o.prefix ?? 'lb:xmeter';
    this.now = o.now ?? Date.now;
    this.windowMs = Math.ceil(86_400_000 / (o.clockScale ?? 1));
    this.minuteMs = Math.ceil(60_000 / (o.clockScale ?? 1));
    this.calls = counter(registry, 'lb_xero_calls_total', 'Calls made to Xero by connection, operation and outcome', [
      'connection',
      'operation',
      'outcome',
    ]);
    this.bytes = counter(registry, 'lb_xero_bytes_total', 'Request/response body bytes exchanged with Xero', [
      'connection',
      'direction',
    ]);
  }

  private rollKey(connectionId: string) {
    return `${this.prefix}:roll:{${connectionId}}`;
  }
  private reportedKey(connectionId: string) {
    return `${this.prefix}:reported:{${connectionId}}`;
  }
  private reportedMinuteKey(connectionId: string) {
    return `${this.prefix}:reported-min:{${connectionId}}`;
  }
  private dayKey(connectionId: string, date: string) {
    return `${this.prefix}:${connectionId}:${date}`;
  }
  private tenantKey(what: 'calls' | 'bytes', date: string) {
    return `${this.prefix}:tenants:${what}:${date}`;
  }

  async record(r: CallRecord): Promise<void> {
    this.calls.inc({ connection: r.connectionId, operation: r.operation, outcome: r.outcome });
    this.bytes.inc({ connection: r.connectionId, direction: 'out' }, r.bytesOut);
    this.bytes.inc({ connection: r.connectionId, direction: 'in' }, r.bytesIn);
    const now = this.now();
    const date = utcDate(now);
    const key = this.dayKey(r.connectionId, date);
    const roll = this.rollKey(r.connectionId);
    const tx = this.redis
      .multi()
      .hincrby(key, 'calls', 1)
      .hincrby(key, 'bytes_out', r.bytesOut)
      .hincrby(key, 'bytes_in', r.bytesIn)
      .hincrby(key, `outcome:${r.outcome}`, 1)
      // Per operation too, so a calls-per-record figure can say where its calls went.
      .hincrby(key, `op:${r.operation}`, 1)
      .expire(key, HISTORY_DAYS * 86400)
      // member: unique id with the bytes, so the window's sums need no second lookup
      .zadd(roll, now, `${randomUUID()}:${r.bytesIn}:${r.bytesOut}`)
      .zremrangebyscore(roll, '-inf', now - 2 * this.windowMs)
      .pexpire(roll, 2 * this.windowMs);
    if (r.dayRemaining !== undefined && Number.isFinite(r.dayRemaining)) {
      tx.hset(this.reportedKey(r.connectionId), 'remaining', r.dayRemaining, 'at', now).pexpire(
        this.reportedKey(r.connectionId),
        this.windowMs,
      );
    }
    if (r.minRemaining !== undefined && Number.isFinite(r.minRemaining)) {
      tx.hset(this.reportedMinuteKey(r.connectionId), 'remaining', r.minRemaining, 'at', now).pexpire(
        this.reportedMinuteKey(r.connectionId),
        this.minuteMs,
      );
    }
    if (r.tenantId) {
      tx.zincrby(this.tenantKey('calls', date), 1, r.tenantId)
        .zincrby(this.tenantKey('bytes', date), r.bytesIn + r.bytesOut, r.tenantId)
        .expire(this.tenantKey('calls', date), HISTORY_DAYS * 86400)
        .expire(this.tenantKey('bytes', date), HISTORY_DAYS * 86400);
    }
    await tx.exec();
  }

  /** One UTC day's totals for a connection (date as YYYY-MM-DD). */
  async day(connectionId: string, date: string): Promise<Record<string, number>> {
    const raw = await this.redis.hgetall(this.dayKey(connectionId, date));
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
  }

  /** The last `days` UTC days (oldest first, today last) for a connection. */
  async history(connectionId: string, days: number): Promise<DayTotals[]> {
    const today = Date.parse(`${utcDate(this.now())}T00:00:00Z`);
    const dates = Array.from({ length: days }, (_, i) => utcDate(today - (days - 1 - i) * 86_400_000));
    const p = this.redis.pipeline();
    for (const d of dates) p.hmget(this.dayKey(connectionId, d), 'calls', 'bytes_in', 'bytes_out');
    const rows = (await p.exec()) ?? [];
    return dates.map((date, i) => {
      const [calls, bytesIn, bytesOut] = ((rows[i]?.[1] as Array<string | null>) ?? []).map((v) => Number(v ?? 0));
      return { date, calls: calls ?? 0, bytesIn: bytesIn ?? 0, bytesOut: bytesOut ?? 0 };
    });
  }

  /**
   * Calls and bytes in the rolling day that ends now, and what Xero last said was left of it
   * (X-DayLimit-Remaining) less the calls made since, when it said so within the window.
   */
  async rolling(connectionId: string): Promise<RollingUsage> {
    const now = this.now();
    const from = now - this.windowMs;
    const [entries, reported] = await Promise.all([
      this.redis.zrangebyscore(this.rollKey(connectionId), `(${from}`, now, 'WITHSCORES'),
      this.redis.hmget(this.reportedKey(connectionId), 'remaining', 'at'),
    ]);
    let calls = 0;
    let bytesIn = 0;
    let bytesOut = 0;
    const at = reported[1] === null ? null : Number(reported[1]);
    let callsSinceReport = 0;
    for (let i = 0; i + 1 < entries.length; i += 2) {
      const [, inText, outText] = entries[i].split(':');
      calls += 1;
      bytesIn += Number(inText) || 0;
      bytesOut += Number(outText) || 0;
      if (at !== null && Number(entries[i + 1]) > at) callsSinceReport += 1;
    }
    const fresh = at !== null && at > from && reported[0] !== null;
    return {
      windowStart: new Date(from).toISOString(),
      windowEnd: new Date(now).toISOString(),
      calls,
      bytesIn,
      bytesOut,
      xeroRemaining: fresh ? Math.max(0, Number(reported[0]) - callsSinceReport) : null,
      xeroReportedAt: fresh ? new Date(at).toISOString() : null,
    };
  }

  /**
   * Calls in the rolling minute that ends now (Xero's X-MinLimit window), and what Xero last said
   * was left of it less the calls made since, when it said so within that minute.
   */
  async minute(connectionId: string): Promise<MinuteUsage> {
    const now = this.now();
    const from = now - this.minuteMs;
    const [scores, reported] = await Promise.all([
      this.redis.zrangebyscore(this.rollKey(connectionId), `(${from}`, now, 'WITHSCORES'),
      this.redis.hmget(this.reportedMinuteKey(connectionId), 'remaining', 'at'),
    ]);
    const at = reported[1] === null ? null : Number(reported[1]);
    let calls = 0;
    let callsSinceReport = 0;
    for (let i = 1; i < scores.length; i += 2) {
      calls += 1;
      if (at !== null && Number(scores[i]) > at) callsSinceReport += 1;
    }
    const fresh = at !== null && at > from && reported[0] !== null;
    return {
      windowStart: new Date(from).toISOString(),
      windowEnd: new Date(now).toISOString(),
      calls,
      xeroRemaining: fresh ? Math.max(0, Number(reported[0]) - callsSinceReport) : null,
      xeroReportedAt: fresh ? new Date(at).toISOString() : null,
    };
  }

  /** The tenants that made the most calls on a UTC day, with their bytes. */
  async tenantsDriving(date: string, limit: number): Promise<TenantDriver[]> {
    const flat = await this.redis.zrevrange(this.tenantKey('calls', date), 0, limit - 1, 'WITHSCORES');
    const ids = flat.filter((_, i) => i % 2 === 0);
    const bytes = ids.length ? await this.redis.zmscore(this.tenantKey('bytes', date), ...ids) : [];
    return ids.map((tenantId, i) => ({ tenantId, calls: Number(flat[2 * i + 1]), bytes: Number(bytes[i] ?? 0) }));
  }

  /** One tenant's calls and bytes on a UTC day: one row, or none when it made no call. */
  async tenantDay(date: string, tenantId: string): Promise<TenantDriver[]> {
    const [calls, bytes] = await Promise.all([
      this.redis.zscore(this.tenantKey('calls', date), tenantId),
      this.redis.zscore(this.tenantKey('bytes', date), tenantId),
    ]);
    return calls === null ? [] : [{ tenantId, calls: Number(calls), bytes: Number(bytes ?? 0) }];
  }

  /** The app's totals over all tenants for a UTC day. */
  async appDay(date: string): Promise<{ calls: number; bytes: number }> {
    const sum = async (what: 'calls' | 'bytes') => {
      const flat = await this.redis.zrange(this.tenantKey(what, date), 0, -1, 'WITHSCORES');
      return flat.reduce((acc, v, i) => (i % 2 ? acc + Number(v) : acc), 0);
    };
    const [calls, bytes] = await Promise.all([sum('calls'), sum('bytes')]);
    return { calls, bytes };
  }

  /** Today's UTC date on the meter's clock. */
  today(): string {
    return utcDate(this.now());
  }
}
