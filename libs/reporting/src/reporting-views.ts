// The reporting views a BI tool reads with a reporting key: documented here once, and the same
// list drives the SQL, the column list the api answers with and docs/reporting.md. Each view is a
// select over one tenant-owned table, read as the runtime role inside the key's tenant context,
// so row-level security scopes it; the explicit tenant filter is a second lock on the same door.
// Payloads (the trail's before/after, Xero and X3 documents) are never in a view.

import { DIFFERENCE_CLASSES } from '#lb/reconciliation';
import { ANOMALY_KINDS, FINDING_STATUSES } from '#lb/sync';

export type ReportingColumnType = 'uuid' | 'text' | 'integer' | 'decimal' | 'timestamp' | 'date' | 'json';

export interface ReportingColumn {
  name: string;
  type: ReportingColumnType;
  description: string;
  /** The SQL expression over alias `a`; defaults to `a.<name>`. */
  sql?: string;
}

export interface ReportingView {
  name: string;
  description: string;
  /** The table read (alias `a`); it has tenant_id, id and created_at. */
  table: string;
  /** Whether the view has an integration_id to filter by. */
  perIntegration: boolean;
  columns: ReportingColumn[];
}

/** UTC ISO-8601 text with microseconds: what the api answers for every timestamp. */
export const isoSql = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const id = (description: string): ReportingColumn => ({ name: 'id', type: 'uuid', description });
const integration: ReportingColumn = {
  name: 'integration_id',
  type: 'uuid',
  description: 'The integration pair (see the integrations view).',
};
const created: ReportingColumn = {
  name: 'created_at',
  type: 'timestamp',
  description: 'When the row was made (UTC); rows come in this order.',
  sql: isoSql('a.created_at'),
};
const at = (name: string, description: string): ReportingColumn => ({
  name,
  type: 'timestamp',
  description,
  sql: isoSql(`a.${name}`),
});
const side = (side: 'x3' | 'xero', field: string, name: string, type: ReportingColumnType, description: string) => ({
  name,
  type,
  description,
  sql: type === 'decimal' ? `(a.${side}->0->>'${field}')::numeric` : `a.${side}->0->>'${field}'`,
});

export const REPORTING_VIEWS: ReportingView[] = [
  {
    name: 'integrations',
    description: 'The Sage X3 ↔ Xero integration pairs of the organisation.',
    table: 'integrations',
    perIntegration: false,
    columns: [
      id('The integration.'),
      { name: 'name', type: 'text', description: 'Its name.' },
      { name: 'status', type: 'text', description: 'Its status.' },
      {
        name: 'pause_reasons',
        type: 'text',
        description: 'Why sync is paused, comma-separated; empty when it runs.',
        sql: `array_to_string(a.pause_reasons, ',')`,
      },
      created,
    ],
  },
  {
    name: 'sync_runs',
    description: 'Each drain run of a flow: what it took, wrote and left, and the Xero calls it spent.',
    table: 'sync_runs',
    perIntegration: true,
    columns: [
      id('The run.'),
      integration,
      { name: 'flow_key', type: 'text', description: 'The flow.' },
      { name: 'direction', type: 'text', description: 'x3-to-xero or xero-to-x3.' },
      at('started_at', 'When it started (UTC).'),
      at('finished_at', 'When it finished (UTC); empty while running.'),
      { name: 'claimed', type: 'integer', description: 'Changes it took.' },
      { name: 'created', type: 'integer', description: 'Records created in the target.' },
      { name: 'updated', type: 'integer', description: 'Records updated in the target.' },
      { name: 'unchanged', type: 'integer', description: 'Records already equal in the target.' },
      { name: 'dead', type: 'integer', description: 'Records that failed for good (dead letters).' },
      { name: 'held', type: 'integer', description: 'Records held for approval.' },
      { name: 'waiting', type: 'integer', description: 'Records waiting for a mapping or a dependency.' },
      { name: 'xero_calls', type: 'integer', description: 'Xero API calls spent.' },
      { name: 'outcome', type: 'text', description: 'ok, partial or failed.' },
      created,
    ],
  },
  {
    name: 'reconciliation_runs',
    description: 'Reconciliation runs per integration as of a date, with their difference counts.',
    table: 'recon_runs',
    perIntegration: true,
    columns: [
      id('The run.'),
      integration,
      { name: 'state', type: 'text', description: 'queued, running, done or failed.' },
      { name: 'as_of', type: 'date', description: 'The date both ledgers were compared as of.', sql: `a.as_of::text` },
      { name: 'counts', type: 'json', description: 'Differences per class, as JSON text.', sql: `a.counts::text` },
      { name: 'failure', type: 'text', description: 'Why it failed, when it did.' },
      at('started_at', 'When it started (UTC).'),
      at('finished_at', 'When it finished (UTC).'),
      created,
    ],
  },
  {
    name: 'reconciliation_differences',
    description: 'Every difference a reconciliation run found, with its class, cause, suggested fix and decision.',
    table: 'recon_differences',
    perIntegration: false,
    columns: [
      id('The difference.'),
      { name: 'run_id', type: 'uuid', description: 'The reconciliation run (see reconciliation_runs).' },
      { name: 'difference_class', type: 'text', description: `One of ${DIFFERENCE_CLASSES.join(', ')}.` },
      { name: 'entity', type: 'text', description: 'customer, supplier, invoice, bill, payment or gl.' },
      { name: 'match_key', type: 'text', description: 'The key both sides were matched by (e.g. the invoice number).' },
      side('x3', 'recordKey', 'x3_record', 'text', 'The X3 record.'),
      side('x3', 'total', 'x3_total', 'decimal', 'Its total.'),
      side('x3', 'amountDue', 'x3_amount_due', 'decimal', 'Its amount due as of the date.'),
      side('x3', 'status', 'x3_status', 'text', 'Its status.'),
      side('xero', 'recordKey', 'xero_record', 'text', 'The Xero record.'),
      side('xero', 'total', 'xero_total', 'decimal', 'Its total.'),
      side('xero', 'amountDue', 'xero_amount_due', 'decimal', 'Its amount due as of the date.'),
      side('xero', 'status', 'xero_status', 'text', 'Its status.'),
      { name: 'likely_cause', type: 'text', description: 'Why the sides differ, most likely.' },
      { name: 'fix_action', type: 'text', description: 'The suggested fix.', sql: `a.fix->>'action'` },
      {
        name: 'fix_amount',
        type: 'decimal',
        description: "The adjustment's amount, for a credit note.",
        sql: `(a.fix->>'amount')::numeric`,
      },
      { name: 'state', type: 'text', description: 'open, approved, applied or dismissed.' },
      at('decided_at', 'When someone approved or dismissed it (UTC).'),
      created,
    ],
  },
  {
    name: 'anomaly_findings',
    description: 'Anomalies found before writing: likely duplicates held for approval, outliers flagged.',
    table: 'sync_anomaly_findings',
    perIntegration: true,
    columns: [
      id('The finding.'),
      integration,
      { name: 'flow_key', type: 'text', description: 'The flow that met it.' },
      { name: 'entity', type: 'text', description: 'The record type.' },
      { name: 'subject', type: 'text', description: 'The record it is about.' },
      { name: 'kind', type: 'text', description: `One of ${ANOMALY_KINDS.join(', ')}.` },
      {
        name: 'status',
        type: 'text',
        description: `One of ${FINDING_STATUSES.join(', ')}: held is not written until decided.`,
      },
      { name: 'explanation', type: 'text', description: 'Why it was flagged, in words.' },
      { name: 'resolution', type: 'text', description: 'What was decided.' },
      at('updated_at', 'Last change (UTC).'),
      created,
    ],
  },
  {
    name: 'monthly_usage',
    description: 'Records written per calendar month (UTC): what the fair-use allowance counts.',
    table: 'sync_monthly_usage',
    perIntegration: false,
    columns: [
      id('The row.'),
      { name: 'month', type: 'date', description: 'The first day of the month.', sql: `a.month::text` },
      { name: 'records', type: 'integer', description: 'Records written that month.' },
      at('updated_at', 'Last counted (UTC).'),
      created,
    ],
  },
];

export function reportingView(name: string): ReportingView | undefined {
  return REPORTING_VIEWS.find((v) => v.name === name);
}
