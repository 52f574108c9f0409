import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Outgoing calls to Xero and X3, by connector, operation (bounded: operationLabel), status class
 * and tenant class (tenantClassOf). Never an id as a label: the per-organisation figures live in
 * the Xero meter (Redis), not here.
 */
export class ConnectorMetrics {
  readonly calls: Counter<'connector' | 'operation' | 'status_class' | 'tenant_class'>;
  readonly duration: Histogram<'connector' | 'operation' | 'tenant_class'>;
  readonly bytes: Counter<'connector' | 'direction' | 'tenant_class'>;
  readonly retryAfter: Counter<'connector' | 'tenant_class'>;
  readonly xeroMinRemaining: Gauge<'tenant_class'>;
  readonly xeroDayRemaining: Gauge<'tenant_class'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.calls = new Counter({
      name: 'lb_connector_calls_total',
      help: 'HTTP calls made to Xero or X3, by connector, operation, status class (2xx/4xx/429/5xx/network) and tenant class',
      labelNames: ['connector', 'operation', 'status_class', 'tenant_class'] as const,
      registers,
    });
    this.duration = new Histogram({
      name: 'lb_connector_call_duration_seconds',
      help: 'Time from sending a call to Xero or X3 to its answer (or failure)',
      labelNames: ['connector', 'operation', 'tenant_class'] as const,
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.bytes = new Counter({
      name: 'lb_connector_bytes_total',
      help: 'Body bytes exchanged with Xero or X3 by direction; direction="in" from Xero is the egress Xero bills the app for',
      labelNames: ['connector', 'direction', 'tenant_class'] as const,
      registers,
    });
    this.retryAfter = new Counter({
      name: 'lb_connector_retry_after_seconds_total',
      help: 'Seconds Xero or X3 asked us to wait (Retry-After) on refused calls (429 and busy answers)',
      labelNames: ['connector', 'tenant_class'] as const,
      registers,
    });
    this.xeroMinRemaining = new Gauge({
      name: 'lb_xero_min_remaining',
      help: "Lowest X-MinLimit-Remaining Xero reported in the last minute over this process's organisations of the tenant class",
      labelNames: ['tenant_class'] as const,
      registers,
    });
    this.xeroDayRemaining = new Gauge({
      name: 'lb_xero_day_remaining',
      help: "Lowest X-DayLimit-Remaining Xero reported in the last rolling day over this process's organisations of the tenant class",
      labelNames: ['tenant_class'] as const,
      registers,
    });
  }
}

/** The sync engine: what drains did with records, and what still waits (read at scrape time). */
export class SyncMetrics {
  readonly records: Counter<'entity' | 'outcome' | 'tenant_class'>;
  readonly openChanges: Gauge<'entity' | 'direction'>;
  readonly oldestOpenSeconds: Gauge<'entity' | 'direction'>;
  readonly openChangesRead: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.records = new Counter({
      name: 'lb_sync_records_total',
      help: 'Pending changes settled by drains, by entity and outcome (created/updated/unchanged/… , held, dead, waiting, retry) and tenant class',
      labelNames: ['entity', 'outcome', 'tenant_class'] as const,
      registers,
    });
    this.openChanges = new Gauge({
      name: 'lb_sync_open_changes',
      help: 'Open pending changes (pending, claimed, waiting) over all tenants by flow kind (entity, direction), read from PostgreSQL at scrape time',
      labelNames: ['entity', 'direction'] as const,
      registers,
    });
    this.oldestOpenSeconds = new Gauge({
      name: 'lb_sync_oldest_open_change_seconds',
      help: 'Age of the oldest open pending change by flow kind (entity, direction): the sync lag',
      labelNames: ['entity', 'direction'] as const,
      registers,
    });
    this.openChangesRead = new Gauge({
      name: 'lb_sync_open_changes_read',
      help: 'Whether this scrape could read the open pending changes from PostgreSQL (1) or not (0)',
      registers,
    });
  }
}
