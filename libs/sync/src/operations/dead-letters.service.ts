import { EntityManager } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { JobProducer } from '#lb/queues';
import { SyncFlowHead } from '../flows/flow-head.entity';
import { FlowIntegrationNotFoundError, FlowNotFoundError } from '../flows/flow-versions.service';
import { LANES } from '../pending/lanes';
import { requestDrain } from '../pending/drain-jobs';
import { PendingChangeOutcome } from '../pending/pending-change.entity';
import { PendingChanges } from '../pending/pending-changes.service';
import type { OperatorContext } from './flow-operations.service';
import { maskSource } from './mask-source';
import { OperationRefusedError, PendingChangeNotFoundError, RecentAuthRequiredError } from './operation-errors';

export const LIST_LIMIT = { default: 100, max: 500 };

/** A dead letter as support and the tenant see it: what, where, the target's words. Never the source record. */
export interface DeadLetterView {
  id: string;
  flowKey: string;
  entity: string;
  direction: string;
  sourceKey: string;
  mappingVersion: number | null;
  error: string | null;
  messages: string[];
  attempts: number;
  at: string | null;
}

/** A dead letter opened: the list's fields and the source record as it was read (sensitive numbers masked). */
export interface DeadLetterDetail extends DeadLetterView {
  source: Record<string, unknown> | null;
}

/** A change an accountant must decide on (lock date, paid or voided target) with what we propose. */
export interface HeldChangeView {
  id: string;
  flowKey: string;
  entity: string;
  direction: string;
  sourceKey: string;
  mappingVersion: number | null;
  proposal: string | null;
  messages: string[];
  at: string | null;
}

/** A change waiting for its prerequisite: a record of the other side, or a lookup entry ("waiting for mapping"). */
export interface WaitingChangeView {
  id: string;
  flowKey: string;
  entity: string;
  direction: string;
  sourceKey: string;
  /** 'customer:C0042', 'mapping:taxCodes:S20' …: released when it lands. */
  waitingOn: string;
  /** True when it waits for a lookup entry of the mapping (released when a version adds it). */
  forMapping: boolean;
  since: string;
}

export interface ReplayRequest {
  flowKey: string;
  /** One, a selection; omitted: every dead letter of the flow. */
  sourceKeys?: string[];
  /** 'pinned': the mapping version the failed attempt ran; 'newest': the flow's active one. */
  version: 'pinned' | 'newest';
}

export interface ListQuery {
  flowKey?: string;
  limit?: number;
}

type Row = {
  id: string;
  flow_key: string;
  entity: string;
  direction: string;
  source_key: string;
  mapping_version: number | null;
  last_error: string | null;
  outcome: PendingChangeOutcome | null;
  attempts: number;
  settled_at: Date | null;
};

/**
 * Dead letters and held changes of an integration: listed, replayed (the source re-read, with the
 * pinned or newest mapping version) and, for held ones, dismissed. Every change is audited.
 */
export class DeadLetters {
  private readonly pending = new PendingChanges();

  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditTrail,
    private readonly jobs: JobProducer,
  ) {}

  list(tenantId: string, integrationId: string, q: ListQuery): Promise<DeadLetterView[]> {
    return this.tx.run(tenantId, (m) => this.listIn(m, integrationId, q));
  }

  held(tenantId: string, integrationId: string, q: ListQuery): Promise<HeldChangeView[]> {
    return this.tx.run(tenantId, (m) => this.heldIn(m, integrationId, q));
  }

  /** One dead letter with the source record it failed on (bank and tax numbers masked). */
  deadLetter(tenantId: string, integrationId: string, id: string): Promise<DeadLetterDetail> {
    return this.tx.run(tenantId, (m) => this.deadLetterIn(m, integrationId, id));
  }

  /** Changes waiting on a prerequisite, oldest first: what to add to a lookup, or which record is missing. */
  waiting(tenantId: string, integrationId: string, q: ListQuery): Promise<WaitingChangeView[]> {
    return this.tx.run(tenantId, (m) => this.waitingIn(m, integrationId, q));
  }

  // The reads in the caller's tenant transaction: support runs them in its read-only one, under a grant.

  async listIn(m: EntityManager, integrationId: string, q: ListQuery): Promise<DeadLetterView[]> {
    return (await this.rows(m, integrationId, 'dead', q)).map((r) => ({
      ...common(r),
      error: r.last_error,
      attempts: Number(r.attempts),
    }));
  }

  async heldIn(m: EntityManager, integrationId: string, q: ListQuery): Promise<HeldChangeView[]> {
    return (await this.rows(m, integrationId, 'held', q)).map((r) => ({
      ...common(r),
      proposal: r.outcome?.proposal ?? null,
    }));
  }

  async deadLetterIn(m: EntityManager, integrationId: string, id: string): Promise<DeadLetterDetail> {
    await this.integration(m, integrationId);
    const [row]: Array<Row & { source: Record<string, unknown> | null }> = await m.query(
      `SELECT id, flow_key, entity, direction, source_key, mapping_version, last_error, outcome, attempts, settled_at, source
       FROM sync_pending_changes WHERE id = $1 AND integration_id = $2 AND state = 'dead'`,
      [id, integrationId],
    );
    if (!row) throw new PendingChangeNotFoundError('No such dead letter (replayed already?)');
    return {
      ...common(row),
      error: row.last_error,
      attempts: Number(row.attempts),
      source: (maskSource(row.source) as Record<string, unknown> | null) ?? null,
    };
  }

  async waitingIn(m: EntityManager, integrationId: string, q: ListQuery): Promise<WaitingChangeView[]> {
    await this.integration(m, integrationId);
    const limit = Math.min(q.limit ?? LIST_LIMIT.default, LIST_LIMIT.max);
    const rows: Array<Row & { waiting_on: string; updated_at: Date }> = await m.query(
      `SELECT id, flow_key, entity, direction, source_key, waiting_on, updated_at
       FROM sync_pending_changes
       WHERE integration_id = $1 AND state = 'waiting' AND ($2::text IS NULL OR flow_key = $2)
       ORDER BY updated_at, id LIMIT $3`,
      [integrationId, q.flowKey ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      flowKey: r.flow_key,
      entity: r.entity,
      direction: r.direction,
      sourceKey: r.source_key,
      waitingOn: r.waiting_on,
      forMapping: r.waiting_on.startsWith('mapping:'),
      since: new Date(r.updated_at).toISOString(),
    }));
  }

  /** Dead letters back to pending with their source re-read, and a drain asked for. Returns how many. */
  replay(
    tenantId: string,
    integrationId: string,
    req: ReplayRequest,
    by: OperatorContext,
  ): Promise<{ replayed: number }> {
    const bulk = req.sourceKeys === undefined || req.sourceKeys.length > 1;
    if (bulk && !by.recentAuth) return Promise.reject(new RecentAuthRequiredError('replay several records at once'));
    return this.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId);
      const head = await m.findOne(SyncFlowHead, { where: { integrationId, flowKey: req.flowKey } });
      if (!head) throw new FlowNotFoundError(`No flow ${req.flowKey}`);
      const scope = { integrationId, flowKey: req.flowKey };
      // The drain maps a pinned change with the version its failed attempt ran (claims hold one pin).
      await m.query(
        `UPDATE sync_pending_changes
         SET pinned_mapping_version = CASE WHEN $4 THEN mapping_version ELSE NULL END
         WHERE integration_id = $1 AND flow_key = $2 AND state = 'dead' AND ($3::text[] IS NULL OR source_key = ANY($3::text[]))`,
        [integrationId, req.flowKey, req.sourceKeys ?? null, req.version === 'pinned'],
      );
      const replayed = await this.pending.replay(m, scope, 'dead', { sourceKeys: req.sourceKeys, reread: true });
      if (replayed > 0) await requestDrain(this.jobs, tenantId, scope, LANES.interactive, m);
      await this.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'sync.dead_letters_replayed',
        targetType: 'integration',
        targetId: integrationId,
        details: {
          flowKey: req.flowKey,
          version: req.version,
          replayed,
          ...(req.sourceKeys ? { sourceKeys: req.sourceKeys.slice(0, 50), selected: req.sourceKeys.length } : {}),
        },
        origin: by.origin,
      });
      return { replayed };
    });
  }

  /** An accountant settled it by hand: the held change is closed as skipped, nothing written. */
  dismiss(tenantId: string, integrationId: string, heldId: string, by: OperatorContext): Promise<void> {
    return this.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId);
      const rows: [Array<{ flow_key: string; source_key: string }>, number] = await m.query(
        `UPDATE sync_pending_changes
         SET state = 'done', settled_at = now(), updated_at = now(),
             outcome = COALESCE(outcome, '{}'::jsonb) || '{"action": "skipped"}'::jsonb
         WHERE id = $1 AND integration_id = $2 AND state = 'held'
         RETURNING flow_key, source_key`,
        [heldId, integrationId],
      );
      const row = rows[0][0];
      if (!row) throw new PendingChangeNotFoundError('No such held change (already dismissed or replayed?)');
      await this.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'sync.held_change_dismissed',
        targetType: 'pending_change',
        targetId: heldId,
        details: { integrationId, flowKey: row.flow_key, sourceKey: row.source_key },
        origin: by.origin,
      });
    });
  }

  /**
   * An admin approves a held deletion (outcome `void-proposed`): the change goes back to its flow's
   * drain with the approval in its source, and the drain voids (or archives) the Xero record unless
   * it is paid or locked by then (void-deletions.ts). Destructive in Xero: a fresh sign-in is needed.
   */
  approve(tenantId: string, integrationId: string, heldId: string, by: OperatorContext): Promise<void> {
    if (!by.recentAuth) return Promise.reject(new RecentAuthRequiredError('void a record in Xero'));
    return this.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId);
      const [row] = await m.query<Array<{ action: string | null; newer: boolean }>>(
        `SELECT h.outcome->>'action' AS action,
                EXISTS (SELECT 1 FROM sync_pending_changes o
                        WHERE o.integration_id = h.integration_id AND o.flow_key = h.flow_key
                          AND o.source_key = h.source_key AND o.state IN ('pending', 'claimed', 'waiting')) AS newer
         FROM sync_pending_changes h
         WHERE h.id = $1 AND h.integration_id = $2 AND h.state = 'held' FOR UPDATE OF h`,
        [heldId, integrationId],
      );
      if (!row) throw new PendingChangeNotFoundError('No such held change (already settled?)');
      if (row.action !== 'void-proposed')
        throw new OperationRefusedError('Only a deletion held for approval can be approved; dismiss the others');
      // the record came back in X3 (or changed again) since: that change decides, not this approval
      if (row.newer) throw new OperationRefusedError('A newer change of this record is being synced; dismiss this one');
      const rows: [Array<{ flow_key: string; source_key: string }>, number] = await m.query(
        `UPDATE sync_pending_changes
         SET state = 'pending', claim_id = NULL, claimed_until = NULL, settled_at = NULL, attempts = 0,
             available_at = now(), updated_at = now(), lane = $3,
             source = jsonb_build_object('_deleted', true, '_id', source_key, '_approved', true)
         WHERE id = $1 AND integration_id = $2 AND state = 'held'
         RETURNING flow_key, source_key`,
        [heldId, integrationId, LANES.interactive],
      );
      const changed = rows[0][0];
      await requestDrain(this.jobs, tenantId, { integrationId, flowKey: changed.flow_key }, LANES.interactive, m);
      await this.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'sync.deletion_approved',
        targetType: 'pending_change',
        targetId: heldId,
        details: { integrationId, flowKey: changed.flow_key, sourceKey: changed.source_key },
        origin: by.origin,
      });
    });
  }

  private async rows(m: EntityManager, integrationId: string, state: 'dead' | 'held', q: ListQuery): Promise<Row[]> {
    await this.integration(m, integrationId);
    const limit = Math.min(q.limit ?? LIST_LIMIT.default, LIST_LIMIT.max);
    return m.query(
      `SELECT id, flow_key, entity, direction, source_key, mapping_version, last_error, outcome, attempts, settled_at
       FROM sync_pending_changes
       WHERE integration_id = $1 AND state = $2 AND ($3::text IS NULL OR flow_key = $3)
       ORDER BY settled_at DESC NULLS LAST, id LIMIT $4`,
      [integrationId, state, q.flowKey ?? null, limit],
    );
  }

  private async integration(m: EntityManager, id: string): Promise<void> {
    if (!(await m.findOne(Integration, { where: { id }, select: ['id'] }))) throw new FlowIntegrationNotFoundError();
  }
}

function common(r: Row) {
  return {
    id: r.id,
    flowKey: r.flow_key,
    entity: r.entity,
    direction: r.direction,
    sourceKey: r.source_key,
    mappingVersion: r.mapping_version,
    messages: r.outcome?.messages ?? [],
    at: r.settled_at ? new Date(r.settled_at).toISOString() : null,
  };
}
