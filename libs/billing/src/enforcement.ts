// Entitlements in force: the checks the api makes before it creates or switches on something, and
// the pause reasons ('billing', 'fair_use') the worker and the api keep in step with the standing.
import { EntityManager } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { Tenant } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { addPauseReason, LANES, removePauseReason, requestDrain } from '#lb/sync';
import { BillingAccount } from './billing-account.entity';
import { FlowShape, planMissOf } from './plan-fit';
import { applyFlowPauses, fairUseOf, noticeFairUse } from './plan-pauses';
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
    const miss = planMissOf(flow, standing.plan, standing.entitlements);
    if (miss) throw new EntitlementError(miss.message, miss.entitlement);
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
  /** Integrations given / relieved of the 'billing' reason (beyond the pairs, or sync not allowed). */
  paused: string[];
  resumed: string[];
  /** Flows (`integrationId/flowKey`) given / relieved of their own 'billing' reason. */
  flows: { paused: string[]; resumed: string[] };
  /** Whether the 'fair_use' reason is now on the tenant's integrations. */
  fairUse: boolean;
}

/**
 * Puts the plan in force on what exists, in the caller's tenant transaction: the 'billing' reason on
 * exactly the integrations the standing does not let sync (all of them when sync is not allowed;
 * beyond the plan's pairs, those the owner did not keep), 'fair_use' on every integration past the
 * month's allowance and its grace, and 'billing' on the head of each flow beyond the plan. Nothing is
 * deleted: pending changes wait, and an integration whose last reason goes asks for a drain of every
 * flow with work waiting, as the user's resume does.
 */
export async function applyBillingPauses(
  m: EntityManager,
  tenantId: string,
  standing: Standing,
  account: Pick<BillingAccount, 'id' | 'activeIntegrationIds' | 'fairUseNotifiedMonth'> | null,
  deps: { jobs: JobProducer; audit: AuditTrail },
): Promise<PauseChanges> {
  const rows: Array<{ id: string; pause_reasons: string[] }> = await m.query(
    'SELECT id, pause_reasons FROM integrations ORDER BY created_at, id FOR UPDATE',
  );
  const keep = activeIntegrations(
    rows.map((r) => r.id),
    account?.activeIntegrationIds ?? null,
    standing,
  );
  const use = await fairUseOf(m, standing);
  const changes: PauseChanges = { paused: [], resumed: [], flows: { paused: [], resumed: [] }, fairUse: use.paused };
  let fairUseChanged = false;
  for (const r of rows) {
    let reasons: string[] | null = null;
    let lifted = false;
    const want = { billing: !keep.has(r.id), fair_use: use.paused };
    for (const reason of ['billing', 'fair_use'] as const) {
      const has = r.pause_reasons.includes(reason);
      if (want[reason] === has) continue;
      const state = want[reason] ? await addPauseReason(m, r.id, reason) : await removePauseReason(m, r.id, reason);
      reasons = state?.pauseReasons ?? reasons;
      lifted ||= !want[reason];
      if (reason === 'fair_use') fairUseChanged = true;
      else (want.billing ? changes.paused : changes.resumed).push(r.id);
    }
    if (lifted && reasons?.length === 0) await drainWaiting(m, tenantId, r.id, deps.jobs);
  }
  changes.flows = await applyFlowPauses(m, tenantId, standing, deps.jobs);
  const notified = await noticeFairUse(m, tenantId, standing, use, account?.fairUseNotifiedMonth ?? null);
  if (notified) {
    if (account) await m.update(BillingAccount, { id: account.id }, { fairUseNotifiedMonth: notified });
    else await m.insert(BillingAccount, { tenantId, fairUseNotifiedMonth: notified });
  }
  if (
    changes.paused.length ||
    changes.resumed.length ||
    changes.flows.paused.length ||
    changes.flows.resumed.length ||
    fairUseChanged
  ) {
    await deps.audit.record(m, tenantId, {
      actor: { kind: 'system', id: null },
      action: 'billing.pauses_changed',
      targetType: 'tenant',
      targetId: tenantId,
      details: {
        phase: standing.phase,
        plan: standing.plan,
        ...changes,
        recordsThisMonth: use.used,
        fairUseStopsAt: use.stopAt,
      },
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
