// When a flow's next If-Modified-Since poll of Xero runs: at the flow's interval while changes
// flow, stretched by pollIntervalFor as polls keep finding nothing, so all of an integration's
// Xero polls together stay within the idle budget. The quiet streak is kept per flow in
// sync_call_plans.quiet_polls, so any worker computes the same pace.
import { EntityManager } from 'typeorm';
import type { FlowDocument } from '../flows/flow-document';
import type { FlowScope } from '../pending/pending-changes.service';
import { xeroReadingFlows } from '../xero-intake/xero-flows';
import { XERO_SOURCES } from '../xero-intake/xero-resources';
import { pollIntervalFor, XERO_DAY_MS, XeroPoller } from './poll-intervals';

export interface XeroPollPaceOptions {
  /** Whether the poll just made accepted any change. */
  foundChanges: boolean;
  /** A flow's interval without a schedule trigger, in Xero seconds. */
  defaultSeconds: number;
  /** Xero seconds per real second. */
  clockScale: number;
}

/** Records the poll's outcome; returns how many polls in a row have now found nothing. */
export async function recordXeroPoll(
  m: EntityManager,
  tenantId: string,
  scope: FlowScope,
  foundChanges: boolean,
): Promise<number> {
  const [row] = await m.query<Array<{ quiet: number }>>(
    `INSERT INTO sync_call_plans (tenant_id, integration_id, quiet_polls)
     VALUES ($1, $2, jsonb_build_object($3::text, CASE WHEN $4 THEN 0 ELSE 1 END))
     ON CONFLICT (tenant_id, integration_id) DO UPDATE
     SET quiet_polls = sync_call_plans.quiet_polls || jsonb_build_object($3::text,
           CASE WHEN $4 THEN 0 ELSE COALESCE((sync_call_plans.quiet_polls->>$3)::int, 0) + 1 END),
         updated_at = now()
     RETURNING (quiet_polls->>$3)::int AS quiet`,
    [tenantId, scope.integrationId, scope.flowKey, foundChanges],
  );
  return Number(row.quiet);
}

const intervalOf = (d: FlowDocument, o: XeroPollPaceOptions) =>
  Math.max(1_000, ((d.trigger.kind === 'schedule' ? d.trigger.everySeconds : o.defaultSeconds) * 1_000) / o.clockScale);

/** The wait (real ms) before the flow's next Xero poll, after recording this one. */
export async function nextXeroPollMs(
  m: EntityManager,
  tenantId: string,
  scope: FlowScope,
  o: XeroPollPaceOptions,
): Promise<number> {
  const quiet = await recordXeroPoll(m, tenantId, scope, o.foundChanges);
  const flows = (await xeroReadingFlows(m, scope.integrationId)).filter((f) => XERO_SOURCES[f.document.entity]);
  // one page a poll when idle: an If-Modified-Since listing with nothing new is one call
  const pollers: XeroPoller[] = flows.map((f) => ({
    key: f.flowKey,
    kind: 'poll',
    callsPerRun: 1,
    activeIntervalMs: intervalOf(f.document, o),
  }));
  const me = pollers.find((p) => p.key === scope.flowKey);
  if (!me) return Math.max(1_000, (o.defaultSeconds * 1_000) / o.clockScale);
  return pollIntervalFor(me, quiet, pollers, { dayMs: Math.ceil(XERO_DAY_MS / o.clockScale) });
}
