import diagnostics from 'node:diagnostics_channel';

/**
 * What the connectors and the drain tell the metrics, over node:diagnostics_channel: the
 * publishers (XeroCaller, the X3 GraphQL client, the pending-change store) need no registry and no
 * wiring through their constructors; each process's OpsModule subscribes once and turns the events
 * into the lb_connector_* and lb_sync_* series. Publishing with no subscriber costs nothing.
 */
export const CONNECTOR_CALL_CHANNEL = 'lb:connector-call';
export const SYNC_SETTLED_CHANNEL = 'lb:sync-settled';

export type ConnectorName = 'xero' | 'x3';

/** One HTTP call to Xero or X3, made or failed. */
export interface ConnectorCallEvent {
  connector: ConnectorName;
  /** The caller's operation name; the subscriber maps it to a bounded label (operationLabel). */
  operation: string;
  /** The HTTP status; 0 when no answer came (network error, deadline). */
  status: number;
  durationSeconds: number;
  bytesIn: number;
  bytesOut: number;
  /** Our tenant; when absent the subscriber reads the request's or job's log context. */
  tenantId?: string;
  /** Retry-After (seconds) on a refusal, as sent. */
  retryAfterSeconds?: number;
  /** Xero's X-MinLimit-Remaining / X-DayLimit-Remaining on this answer, with the organisation they are about. */
  budget?: { organisation: string; minRemaining?: number; dayRemaining?: number };
}

/** Pending changes the drain settled, published once their transaction committed. */
export interface SyncSettledEvent {
  tenantId?: string;
  /** Each change's entity, the state it settled in and, when done, the drain's action. */
  settled: Array<{ entity: string; state: string; action?: string | null }>;
}

const calls = diagnostics.channel(CONNECTOR_CALL_CHANNEL);
const settled = diagnostics.channel(SYNC_SETTLED_CHANNEL);

export function publishConnectorCall(event: ConnectorCallEvent): void {
  if (calls.hasSubscribers) calls.publish(event);
}

export function publishSyncSettled(event: SyncSettledEvent): void {
  if (settled.hasSubscribers && event.settled.length) settled.publish(event);
}

/** 2xx, 3xx, 4xx, 429 (rate limited, its own class), 5xx, or network (no answer at all). */
export function statusClassOf(status: number): string {
  if (!Number.isFinite(status) || status <= 0) return 'network';
  if (status === 429) return '429';
  if (status >= 200 && status < 600) return `${Math.floor(status / 100)}xx`;
  return 'network';
}

const XERO_OPERATION = /^[a-z]+:[A-Za-z]{1,40}$/;
/** `query { x3Sales { salesOrder { query(` → salesOrder.query; `mutation (...) { x3Sales { salesOrder { create(` → salesOrder.create */
const X3_OPERATION = /^\s*(?:(query|mutation)\b[^{]*)?\{\s*(?:\w+\s*:\s*)?(\w+)\s*\{\s*(\w+)\s*\{\s*(\w+)/;
const X3_INTROSPECTION = /\{\s*__(schema|type)\b/;

/**
 * A bounded operation label: Xero's `verb:Resource` names (list:Invoices, upsert:Contacts) as
 * they are, X3's GraphQL call as node.operation (salesOrder.query) read from its text; anything
 * else is 'other' (an id or a free text must never become a label value).
 */
export function operationLabel(connector: ConnectorName, operation: string): string {
  if (connector === 'xero') return XERO_OPERATION.test(operation) ? operation : 'other';
  if (X3_INTROSPECTION.test(operation)) return 'introspection';
  const m = X3_OPERATION.exec(operation);
  return m ? `${m[3]}.${m[4]}`.slice(0, 60) : 'other';
}

/**
 * What a settled change did, as the lb_sync_records_total outcome label: created, updated,
 * unchanged … (the drain's own action words, a fixed set), or held, dead, waiting, retry.
 */
const DONE_ACTIONS = new Set([
  'created',
  'updated',
  'unchanged',
  'matched',
  'skipped',
  'deleted',
  'flagged',
  'void-proposed',
  'voided',
  'archived',
]);

export function settledOutcomeLabel(state: string, action: string | null | undefined): string | null {
  if (state === 'done') return action && DONE_ACTIONS.has(action) ? action : 'done';
  if (state === 'held' || state === 'dead' || state === 'waiting') return state;
  if (state === 'retry') return 'retry';
  return null;
}
