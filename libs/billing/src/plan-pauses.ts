// The pauses the plan in force puts on what already exists (enforcement.ts keeps the pair pauses):
// flows whose entity or trigger the plan does not include carry 'billing' on their own head, and
// past the fair-use allowance and its grace every integration carries 'fair_use'. Nothing is
// deleted: changes wait, and each pause goes as soon as the plan (or the month) allows again.
import { EntityManager } from 'typeorm';
import { OutboundEmail } from '#lb/accounts';
import { Membership, User } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { FlowDocument, LANES, monthOf, recordsWrittenIn, requestDrain, setFlowPauseReason } from '#lb/sync';
import { fairUseStop, nextMonthStart, planMissOf } from './plan-fit';
import { PLANS } from './plans';
import type { Standing } from './standing';

/** A flow the plan pauses, with the reason the SPA shows. */
export interface PlanPausedFlow {
  integrationId: string;
  flowKey: string;
  entity: string;
  reason: string;
}

type HeadRow = { integration_id: string; flow_key: string; pause_reasons: string[]; document: FlowDocument };

async function heads(m: EntityManager, lock: boolean): Promise<HeadRow[]> {
  return m.query(
    `SELECT h.integration_id, h.flow_key, h.pause_reasons, v.document
     FROM sync_flow_heads h JOIN sync_flow_versions v ON v.id = h.active_version_id
     ORDER BY h.integration_id, h.flow_key${lock ? ' FOR UPDATE OF h' : ''}`,
  );
}

/** Flows switched on that the plan in force does not include, each with why (the plan's own words). */
export async function flowsOutsidePlan(m: EntityManager, standing: Standing): Promise<PlanPausedFlow[]> {
  return (await heads(m, false)).flatMap((h) => {
    const miss = planMissOf(h.document, standing.plan, standing.entitlements);
    return miss
      ? [{ integrationId: h.integration_id, flowKey: h.flow_key, entity: h.document.entity, reason: miss.message }]
      : [];
  });
}

/**
 * Puts 'billing' on the head of each flow switched on beyond the plan and takes it off the others;
 * a flow whose last reason goes (its integration not paused) gets a drain of what waits.
 */
export async function applyFlowPauses(
  m: EntityManager,
  tenantId: string,
  standing: Standing,
  jobs: JobProducer,
): Promise<{ paused: string[]; resumed: string[] }> {
  const changes = { paused: [] as string[], resumed: [] as string[] };
  const pausedRows = await m.query<Array<{ id: string }>>(
    `SELECT id FROM integrations WHERE cardinality(pause_reasons) > 0`,
  );
  const integrationPaused = new Set(pausedRows.map((r) => r.id));
  for (const h of await heads(m, true)) {
    const scope = { integrationId: h.integration_id, flowKey: h.flow_key };
    const outside = planMissOf(h.document, standing.plan, standing.entitlements) !== null;
    const has = h.pause_reasons.includes('billing');
    if (outside && !has) {
      await setFlowPauseReason(m, scope, 'billing', true);
      changes.paused.push(`${scope.integrationId}/${scope.flowKey}`);
    } else if (!outside && has) {
      const left = await setFlowPauseReason(m, scope, 'billing', false);
      changes.resumed.push(`${scope.integrationId}/${scope.flowKey}`);
      if (left?.length === 0 && !integrationPaused.has(scope.integrationId)) {
        await requestDrain(jobs, tenantId, scope, LANES.interactive, m);
      }
    }
  }
  return changes;
}

export interface FairUse {
  used: number;
  limit: number;
  /** The count at which writes pause (the allowance and its grace). */
  stopAt: number;
  /** Past stopAt: new writes wait until `resumesAt` or a larger plan. */
  paused: boolean;
  resumesAt: string;
}

export async function fairUseOf(m: EntityManager, standing: Standing, now = new Date()): Promise<FairUse> {
  const used = await recordsWrittenIn(m, now);
  const limit = standing.entitlements.recordsPerMonth;
  const stopAt = fairUseStop(limit);
  return { used, limit, stopAt, paused: used >= stopAt, resumesAt: nextMonthStart(now).toISOString() };
}

/**
 * Tells the tenant's owners once a month, through the email outbox, that writes wait for fair use.
 * `notified` is the month last told (billing_accounts.fair_use_notified_month); answers the month
 * to store, or null when nothing was sent.
 */
export async function noticeFairUse(
  m: EntityManager,
  tenantId: string,
  standing: Standing,
  use: FairUse,
  notified: string | null,
  now = new Date(),
): Promise<string | null> {
  const month = monthOf(now);
  if (!use.paused || notified === month) return null;
  const owners: Array<{ email: string }> = await m
    .createQueryBuilder(Membership, 'ms')
    .innerJoin(User, 'u', 'u.id = ms.user_id')
    .select('u.email', 'email')
    .where("ms.role = 'owner'")
    .getRawMany();
  const plan = PLANS[standing.plan].name;
  const body =
    `Your flows wrote ${use.used.toLocaleString('en-GB')} records this month, past the ${plan} plan's ` +
    `fair use of ${use.limit.toLocaleString('en-GB')} and its 10% grace. New writes wait until ` +
    `${use.resumesAt.slice(0, 10)} (UTC) or until you choose a larger plan on the Billing page; ` +
    'nothing is lost: changes keep being collected and are written when sync resumes.';
  for (const o of owners) {
    await m.insert(OutboundEmail, {
      tenantId,
      toAddress: o.email,
      subject: '[Ledgerbridge] Sync paused: fair-use allowance reached',
      body,
    });
  }
  return month;
}
