import Redis from 'ioredis';
import { Counter, Registry } from 'prom-client';

export interface CallRecord {
  /** Our connection id: the organisation as this tenant knows it. */
  connectionId: string;
  operation: string;
  outcome: string;
  bytesOut: number;
  bytesIn: number;
}

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  const existing = registry.getSingleMetric(name);
  return (existing as Counter<string>) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

/**
 * Calls and bytes per organisation: Xero bills apps by connections and egress, so these are
 * product figures. prom-client for dashboards; Redis day counters (kept 40 days) so every
 * process adds to one total that usage pages and the billing report can read.
 */
export class XeroMeter {
  private readonly calls: Counter<string>;
  private readonly bytes: Counter<string>;

  constructor(
    registry: Registry,
    private readonly redis: Redis,
    private readonly prefix = 'lb:xmeter',
  ) {
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

  async record(r: CallRecord): Promise<void> {
    this.calls.inc({ connection: r.connectionId, operation: r.operation, outcome: r.outcome });
    this.bytes.inc({ connection: r.connectionId, direction: 'out' }, r.bytesOut);
    this.bytes.inc({ connection: r.connectionId, direction: 'in' }, r.bytesIn);
    const key = `${this.prefix}:${r.connectionId}:${new Date().toISOString().slice(0, 10)}`;
    await this.redis
      .multi()
      .hincrby(key, 'calls', 1)
      .hincrby(key, 'bytes_out', r.bytesOut)
      .hincrby(key, 'bytes_in', r.bytesIn)
      .hincrby(key, `outcome:${r.outcome}`, 1)
      // Per operation too, so a calls-per-record figure can say where its calls went.
      .hincrby(key, `op:${r.operation}`, 1)
      .expire(key, 40 * 86400)
      .exec();
  }

  /** One UTC day's totals for a connection (date as YYYY-MM-DD). */
  async day(connectionId: string, date: string): Promise<Record<string, number>> {
    const raw = await this.redis.hgetall(`${this.prefix}:${connectionId}:${date}`);
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
  }
}
