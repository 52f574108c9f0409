// Entitlements in force: the checks the api makes before it creates or switches on something, and
// the 'billing' pause reason the worker and the api keep in step with the tenant's standing.
import { EntityManager } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { Tenant } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { addPauseReason, LANES, removePauseReason, requestDrain } from '#lb/sync';
import { BillingAccount } from './billing-account.entity';
import { PLANS } from './plans';
import { activeIntegrations, BillingSettings, Standing, standingOf } from './standing';

/** A plan does not include what was asked for: the api answers 402 with this message. */
export class EntitlementError extends Error {
  constructor(
    message: string,
    readonly entitlement: string,
  ) {
    super(message);
    this.name = 'EntitlementError';
  }
}

export interface FlowShape {
  entity: string;
  trigger: { kind: string; everySeconds?: number };
  enabled: boolean;
}

export class BillingEntitlements {
  constructor(readonly settings: BillingSettings) {}

  /** The tenant's account row and standing, in the caller's tenant transaction. */
  async standingIn(
    m: EntityManager,
    tenantId: string,
    now = new Date(),
  ): Promise<{ account: BillingAccount | null; standing: Standing; tenant: Tenant }> {
    const tenant = await m.findOneByOrFail(Tenant, { id: tenantId });
    const account = await m.findOne(BillingAccount, { where: { tenantId } });
    return { account, tenant, standing: standingOf(account, tenant.createdAt, now, this.settings) };
  }

  /**
   * Before an integration is created: the plan's number of pairs. The tenant row is locked so two
   * creates at once cannot both take the last place.
   */
  async assertCanAddIntegration(m: EntityManager, tenantId: string): Promise<void> {
    await m.query('SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE', [tenantId]);
    const { standing } = await this.standingIn(m, tenantId);
    const limit = standing.entitlements.integrationPairs;
    if (limit === null) return;
    const rows: Array<{ n: string }> = await m.query('SELECT count(*) AS n FROM integrations');
    if (Number(rows[0].n) >= limit) {
      throw new EntitlementError(
        `The ${PLANS[standing.plan].name} plan includes ${limit} integration pair${limit === 1 ? '' : 's'}; ` +
          'upgrade your plan to add another',
        'integrationPairs',
      );
    }
  }

  /** Before a flow is saved switched on (or switched on): its entity and trigger within the plan. */
  async assertFlowAllowed(m: EntityManager, tenantId: string, flow: FlowShape): Promise<void> {
    if (!flow.enabled) return;
    const { standing } = await this.standingIn(m, tenantId);
    const e = standing.entitlements;
    const name = PLANS[standing.plan].name;
    if (!e.entities.includes(flow.entity as never)) {
      throw new EntitlementError(
        `The ${name} plan does not include ${flow.entity} flows; upgrade to switch this one on`,
        'entities',
      );
    }
    if (flow.trigger.kind === 'webhook' && !e.realTime) {
      throw new EntitlementError(
        `The ${name} plan does not include real-time sync; use a schedule of at least ${e.minPollSeconds / 60} minutes`,
        'realTime',
      );
    }
    if (typeof flow.trigger.everySeconds === 'number' && flow.trigger.everySeconds < e.minPollSeconds) {
      throw new EntitlementError(
        `The ${name} plan polls at most every ${e.minPollSeconds / 60} minutes`,
        'minPollSeconds',
      );
    }
  }

  async assertReconciliation(m: EntityManager, tenantId: string): Promise<void> {
    const { standing } = await this.standingIn(m, tenantId);
    if (!standing.entitlements.reconciliation) {
      throw new EntitlementError(
        `The ${PLANS[standing.plan].name} plan does not include reconciliation; upgrade to run one`,
        'reconciliation',
      );
    }
  }
}

export interface PauseChanges {
  paused: string[];
  resumed: string[];
}

/**
 * Puts the 'billing' pause reason on exactly the integrations the standing does not let sync (all of
 * them when sync is not allowed; beyond the plan's pairs, those the owner did not keep), in the
 * caller's tenant transaction. Nothing is deleted: pending changes wait, and an integration whose
 * last reason goes asks for a drain of every flow with work waiting, as the user's resume does.
 */
export async function applyBillingPauses(
  m: EntityManager,
  tenantId: string,
  standing: Standing,
  chosen: string[] | null,
  deps: { jobs: JobProducer; audit: AuditTrail },
): Promise<PauseChanges> {
  const rows: Array<{ id: string; pause_reasons: string[] }> = await m.query(
    'SELECT id, pause_reasons FROM integrations ORDER BY created_at, id FOR UPDATE',
  );
  const keep = activeIntegrations(
    rows.map((r) => r.id),
    chosen,
    standing,
  );
  const changes: PauseChanges = { paused: [], resumed: [] };
  for (const r of rows) {
    const has = r.pause_reasons.includes('billing');
    if (keep.has(r.id) && has) {
      const state = await removePauseReason(m, r.id, 'billing');
      changes.resumed.push(r.id);
      if (state && state.pauseReasons.length === 0) await drainWaiting(m, tenantId, r.id, deps.jobs);
    } else if (!keep.has(r.id) && !has) {
      await addPauseReason(m, r.id, 'billing');
      changes.paused.push(r.id);
    }
  }
  if (changes.paused.length || changes.resumed.length) {
    await deps.audit.record(m, tenantId, {
      actor: { kind: 'system', id: null },
      action: 'billing.pauses_changed',
      targetType: 'tenant',
      targetId: tenantId,
      details: { phase: standing.phase, plan: standing.plan, ...changes },
    });
  }
  return changes;
}

async function drainWaiting(
  m: EntityManager,
  tenantId: string,
  integrationId: string,
  jobs: JobProducer,
): Promise<void> {
  const flows: Array<{ flow_key: string }> = await m.query(
    `SELECT DISTINCT flow_key FROM sync_pending_changes WHERE integration_id = $1 AND state IN ('pending', 'claimed')`,
    [integrationId],
  );
  for (const f of flows)
    await requestDrain(jobs, tenantId, { integrationId, flowKey: f.flow_key }, LANES.interactive, m);
}
