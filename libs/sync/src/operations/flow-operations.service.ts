import { EntityManager } from 'typeorm';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { JobProducer } from '#lb/queues';
import type { FlowDocument } from '../flows/flow-document';
import { SyncFlowHead } from '../flows/flow-head.entity';
import { SyncFlowVersion } from '../flows/flow-version.entity';
import {
  FlowIntegrationNotFoundError,
  FlowNotFoundError,
  FlowVersions,
  FlowVersionView,
} from '../flows/flow-versions.service';
import type { PendingChangeState } from '../pending/pending-change.entity';
import { PendingChanges } from '../pending/pending-changes.service';
import { runFlowNow } from './flow-jobs';
import { RecentAuthRequiredError } from './operation-errors';
import { setFlowPauseReason } from './pause-reasons';
import { flowWrites } from './starter-flows';

/** The window the records-per-minute rate (and so a backfill's ETA) is measured over. */
export const RATE_WINDOW_MINUTES = 15;

export type StateCounts = Record<PendingChangeState, number>;

export interface FlowOverview {
  flowKey: string;
  entity: string;
  direction: string;
  trigger: FlowDocument['trigger'];
  enabled: boolean;
  /** The flow's own pause reasons ('billing': its entity or trigger is not in the plan in force). */
  pauseReasons: string[];
  activeVersion: number;
  counts: StateCounts;
  /** Minutes until what is pending now is through at the recent rate; null when nothing moved lately. */
  backfillEtaMinutes: number | null;
}

export interface IntegrationFlows {
  integrationId: string;
  status: string;
  pauseReasons: string[];
  /** Changes the integration settled as done per minute over the last RATE_WINDOW_MINUTES. */
  recordsPerMinute: number;
  flows: FlowOverview[];
}

export interface FlowVersionSummary {
  version: number;
  enabled: boolean;
  authorUserId: string | null;
  createdAt: string;
  active: boolean;
}

export interface OperatorContext {
  actor: AuditActor;
  origin: RequestOrigin;
  /** The member signed in with Xero within the re-authentication window. */
  recentAuth: boolean;
}

const EMPTY_COUNTS = (): StateCounts => ({ pending: 0, claimed: 0, waiting: 0, held: 0, done: 0, dead: 0 });

/** A writing flow being switched on (or saved on) needs a fresh sign-in; a listing-only one does not. */
function switchesOnWrites(before: FlowDocument | null, after: FlowDocument): boolean {
  const wasOn = !!before && before.enabled && flowWrites(before);
  return after.enabled && flowWrites(after) && !wasOn;
}

/**
 * What the flows screen shows and changes: each flow with its counts and ETA, its versions, a new
 * version saved, a flow switched on or off. Another tenant's integration is simply not found (RLS).
 */
/** Refuses (throws) a switched-on flow the tenant's plan does not include; billing supplies it. */
export type FlowPlanGate = (m: EntityManager, tenantId: string, document: FlowDocument) => Promise<void>;

export class FlowOperations {
  private readonly pending = new PendingChanges();

  constructor(
    private readonly tx: TenantTransactions,
    private readonly flows: FlowVersions,
    private readonly audit: AuditTrail,
    private readonly jobs: JobProducer,
    private readonly planGate: FlowPlanGate = async () => {},
  ) {}

  overview(tenantId: string, integrationId: string): Promise<IntegrationFlows> {
    return this.tx.run(tenantId, (m) => this.overviewIn(m, integrationId));
  }

  /** The overview in the caller's tenant transaction (support reads it in a read-only one, under a grant). */
  async overviewIn(m: EntityManager, integrationId: string): Promise<IntegrationFlows> {
    const integration = await this.integration(m, integrationId);
    const heads = await m.find(SyncFlowHead, { where: { integrationId }, order: { flowKey: 'ASC' } });
    const docs = heads.length
      ? await m.find(SyncFlowVersion, { where: heads.map((h) => ({ id: h.activeVersionId })) })
      : [];
    const counts = new Map<string, StateCounts>();
    for (const c of await this.pending.counts(m, integrationId)) {
      const entry = counts.get(c.flowKey) ?? EMPTY_COUNTS();
      entry[c.state] = c.count;
      counts.set(c.flowKey, entry);
    }
    const rate = await this.recordsPerMinute(m, integrationId);
    return {
      integrationId,
      status: integration.status,
      pauseReasons: integration.pauseReasons,
      recordsPerMinute: rate,
      flows: heads.map((h) => {
        const doc = docs.find((d) => d.id === h.activeVersionId)?.document as unknown as FlowDocument;
        const c = counts.get(h.flowKey) ?? EMPTY_COUNTS();
        const open = c.pending + c.claimed;
        return {
          flowKey: h.flowKey,
          entity: doc.entity,
          direction: doc.direction,
          trigger: doc.trigger,
          enabled: doc.enabled,
          pauseReasons: h.pauseReasons,
          activeVersion: h.activeVersion,
          counts: c,
          backfillEtaMinutes: open === 0 ? 0 : rate > 0 ? Math.ceil(open / rate) : null,
        };
      }),
    };
  }

  versions(tenantId: string, integrationId: string, flowKey: string): Promise<FlowVersionSummary[]> {
    return this.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId);
      const head = await m.findOne(SyncFlowHead, { where: { integrationId, flowKey } });
      if (!head) throw new FlowNotFoundError(`No flow ${flowKey}`);
      const rows = await m.find(SyncFlowVersion, { where: { integrationId, flowKey }, order: { version: 'DESC' } });
      return rows.map((r) => ({
        version: r.version,
        enabled: (r.document as unknown as FlowDocument).enabled,
        authorUserId: r.authorUserId,
        createdAt: r.createdAt.toISOString(),
        active: r.version === head.activeVersion,
      }));
    });
  }

  get(tenantId: string, integrationId: string, flowKey: string, version?: number): Promise<FlowVersionView> {
    return this.flows.get(tenantId, integrationId, flowKey, version);
  }

  /** Saves a new version (validated; 409 when basedOnVersion is stale), audited with it. */
  async save(
    tenantId: string,
    integrationId: string,
    flowKey: string,
    document: unknown,
    basedOnVersion: number | undefined,
    by: OperatorContext,
  ): Promise<FlowVersionView> {
    return this.store(tenantId, integrationId, flowKey, document, basedOnVersion, by, 'flow.saved');
  }

  /** Switches a flow on or off: a new version with `enabled` changed (none when it already is). */
  async setEnabled(
    tenantId: string,
    integrationId: string,
    flowKey: string,
    enabled: boolean,
    by: OperatorContext,
  ): Promise<FlowVersionView> {
    const current = await this.flows.get(tenantId, integrationId, flowKey);
    if (current.document.enabled === enabled) return current;
    return this.store(
      tenantId,
      integrationId,
      flowKey,
      { ...current.document, enabled },
      current.version,
      by,
      enabled ? 'flow.enabled' : 'flow.disabled',
    );
  }

  private async store(
    tenantId: string,
    integrationId: string,
    flowKey: string,
    document: unknown,
    basedOnVersion: number | undefined,
    by: OperatorContext,
    action: string,
  ): Promise<FlowVersionView> {
    let before: FlowDocument | null = null;
    try {
      before = (await this.flows.get(tenantId, integrationId, flowKey)).document;
    } catch (error) {
      if (!(error instanceof FlowNotFoundError)) throw error;
    }
    // The document is validated by save; only a well-formed one can switch writes on.
    const after = document as FlowDocument;
    const checkAuth = () => {
      if (!by.recentAuth && isDocumentLike(after) && switchesOnWrites(before, after)) {
        throw new RecentAuthRequiredError('switch on a flow that writes');
      }
    };
    return this.flows.save(tenantId, integrationId, flowKey, document, {
      authorUserId: by.actor.kind === 'user' ? by.actor.id : null,
      basedOnVersion,
      alsoWithin: async (m, saved, previousVersion) => {
        checkAuth();
        if (saved.document.enabled) await this.planGate(m, tenantId, saved.document);
        // saved within the plan (the gate passed) or switched off: the plan no longer pauses it
        await setFlowPauseReason(m, { integrationId, flowKey }, 'billing', false);
        await this.audit.record(m, tenantId, {
          actor: by.actor,
          action,
          targetType: 'flow_version',
          targetId: saved.id,
          details: { integrationId, flowKey, version: saved.version, previousVersion, enabled: saved.document.enabled },
          origin: by.origin,
        });
        if (switchesOnWrites(before, saved.document)) {
          const readsX3 = saved.document.direction !== 'xero-to-x3';
          await runFlowNow(this.jobs, m, tenantId, { integrationId, flowKey }, readsX3);
        }
      },
    });
  }

  /** Done changes per minute over the window: the pace a backlog drains at now. */
  private async recordsPerMinute(m: EntityManager, integrationId: string): Promise<number> {
    const rows: Array<{ n: string }> = await m.query(
      `SELECT count(*) AS n FROM sync_pending_changes
       WHERE integration_id = $1 AND state = 'done' AND settled_at > now() - $2 * interval '1 minute'`,
      [integrationId, RATE_WINDOW_MINUTES],
    );
    return Math.round((Number(rows[0]?.n ?? 0) / RATE_WINDOW_MINUTES) * 10) / 10;
  }

  private async integration(m: EntityManager, id: string): Promise<Integration> {
    const found = await m.findOne(Integration, { where: { id } });
    if (!found) throw new FlowIntegrationNotFoundError();
    return found;
  }
}

function isDocumentLike(d: unknown): d is FlowDocument {
  return typeof d === 'object' && d !== null && Array.isArray((d as FlowDocument).steps);
}
