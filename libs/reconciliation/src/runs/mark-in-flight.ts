// A difference on a record the sync is carrying at this moment (an open change in the direction
// that mends it: an X3 record's to Xero, a Xero record's to X3) is real as of the run, but it is not
// a fault: the next run should find the pair equal. Its likely cause says so, so an admin does not
// chase it. A change that cannot move is no such promise: the cause names what stops it instead,
// by the drains' own first checks (drain/drain-context.ts, x3-writer/drain-xero-to-x3.ts): the
// integration or flow paused, the flow switched off or gone, and for a write to Xero the
// first-connection matching not confirmed. The suggested fix stays: the outbox keeps one open
// change per record, so approving it joins that change, never a second write.
import { EntityManager } from 'typeorm';
import { isMatchingConfirmed } from '#lb/sync';
import type { Classified } from './classify';
import type { ReconRun } from './recon-run.entity';

interface Markable extends Classified {
  entity: string;
  x3: Array<{ recordKey: string }>;
  xero: Array<{ recordKey: string }>;
}

interface OpenChange {
  entity: string;
  direction: 'x3-to-xero' | 'xero-to-x3';
  key: string;
  state: string;
  attempts: number;
  since: string;
  flowKey: string;
  /** Why the drain leaves it where it is (drain-context.ts's checks), or null when it moves. */
  stopped: string | null;
}

/** Classes an open change can explain: a duplicate or a missing mapping entry it cannot. */
const MENDED_BY_A_CHANGE = new Set(['missingInXero', 'missingInX3', 'amount', 'rounding', 'status', 'currency']);

/** The difference's record keys as the outbox keys their changes: X3 `_id`, Xero id lower-cased. */
const keysOf = (f: Markable) => ({
  'x3-to-xero': f.x3.map((c) => c.recordKey),
  'xero-to-x3': f.xero.map((c) => c.recordKey.toLowerCase()),
});

export async function markInFlight(m: EntityManager, run: ReconRun, found: Markable[]): Promise<void> {
  const markable = found.filter((f) => MENDED_BY_A_CHANGE.has(f.differenceClass)).map((f) => ({ f, keys: keysOf(f) }));
  if (!markable.length) return;
  const toXero = markable.flatMap(({ keys }) => keys['x3-to-xero']);
  const toX3 = markable.flatMap(({ keys }) => keys['xero-to-x3']);
  // open (OPEN_PENDING_STATES) = queued, being written, or waiting on its parent record (a mapping
  // wait is "unmapped"); the states written out so the partial unique index on open rows serves it
  const open = await m.query<OpenChange[]>(
    `SELECT p.entity, p.direction, p.state, p.attempts, p.flow_key AS "flowKey",
            CASE WHEN p.direction = 'xero-to-x3' THEN lower(p.source_key) ELSE p.source_key END AS key,
            to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since,
            CASE WHEN cardinality(i.pause_reasons) > 0 THEN 'the integration is paused'
                 WHEN h.id IS NULL THEN 'that flow no longer exists'
                 WHEN cardinality(h.pause_reasons) > 0 THEN 'that flow is paused'
                 WHEN v.document->>'enabled' IS DISTINCT FROM 'true' THEN 'that flow is switched off'
            END AS stopped
     FROM sync_pending_changes p
     JOIN integrations i ON i.tenant_id = p.tenant_id AND i.id = p.integration_id
     LEFT JOIN sync_flow_heads h ON h.tenant_id = p.tenant_id AND h.integration_id = p.integration_id AND h.flow_key = p.flow_key
     LEFT JOIN sync_flow_versions v ON v.tenant_id = h.tenant_id AND v.id = h.active_version_id
     WHERE p.tenant_id = $1 AND p.integration_id = $2 AND p.state IN ('pending', 'claimed', 'waiting')
       AND (p.waiting_on IS NULL OR p.waiting_on NOT LIKE 'mapping:%')
       AND ((p.direction = 'x3-to-xero' AND p.source_key = ANY($3))
            OR (p.direction = 'xero-to-x3' AND lower(p.source_key) = ANY($4)))`,
    [run.tenantId, run.integrationId, toXero, toX3],
  );
  if (!open.length) return;
  // the drain writes nothing to Xero before the user confirmed the first-connection matching
  const toXeroMoving = open.filter((c) => c.direction === 'x3-to-xero' && !c.stopped);
  if (toXeroMoving.length && !(await isMatchingConfirmed(m, run.integrationId)))
    for (const c of toXeroMoving) c.stopped = 'the first-connection matching is not confirmed yet';
  const byKey = new Map(open.map((c) => [`${c.entity}|${c.direction}|${c.key}`, c]));
  for (const { f, keys } of markable) {
    const change = (['x3-to-xero', 'xero-to-x3'] as const)
      .flatMap((direction) => keys[direction].map((k) => byKey.get(`${f.entity}|${direction}|${k}`)))
      .find((c) => c !== undefined);
    if (!change) continue;
    const to = change.direction === 'x3-to-xero' ? 'to Xero' : 'to X3';
    const opened = `a change ${to} open since ${change.since} in the ${change.flowKey} flow`;
    if (change.stopped) {
      f.likelyCause = `held up: ${opened}, but ${change.stopped}; it moves once that is undone. ${f.likelyCause}`;
      continue;
    }
    const doing =
      change.state === 'waiting'
        ? 'waiting for the record it depends on'
        : change.attempts > 0
          ? `retried ${change.attempts} times`
          : change.state === 'claimed'
            ? 'being written'
            : 'queued';
    f.likelyCause =
      `in flight: the sync is carrying this record (${opened}, ${doing}); ` +
      `the next run should find it equal. If it does not: ${f.likelyCause}`;
  }
}
