// An integration's call plan as the drain, the triggers and the api see it: the organisation's day
// limit, the reserve a purpose must leave, what is left today by purpose, and the backfill pause.
import { EntityManager } from 'typeorm';
import { XeroConnection, XeroRateLimiter } from '#lb/connectors/xero';
import { Integration } from '#lb/integrations';
import { LANES } from '../pending/lanes';
import { BackfillEta, achievedRecordsPerCall, backfillEta } from './backfill-eta';
import { backfillPaused, pauseBackfill, resumeBackfill } from './backfill-pause';
import { CallCounters } from './call-counters';
import { SyncCallPlan } from './call-plan.entity';
import {
  CALL_PURPOSES,
  CallPurpose,
  DayPlan,
  PURPOSE_SHARES_PER_MILLE,
  callsLeftFor,
  dayReserveFor,
} from './call-purposes';

export interface CallPlanDeps {
  limiter: XeroRateLimiter;
  counters: CallCounters;
  /** The app's day limit (XERO_DAY_LIMIT: what the rate limiter counts against). */
  appDayLimit: number;
  /** Calls per Xero minute (XERO_MINUTE_LIMIT), for the backfill ETA. */
  minuteLimit?: number;
}

export interface PurposeToday {
  purpose: CallPurpose;
  sharePerMille: number;
  /** Calls this purpose leaves for the ones above it. */
  reserve: number;
  spent: number;
  /** Calls this purpose may still make now. */
  left: number;
}

export interface CallsLeftToday {
  dayLimit: number;
  /** Calls left of the organisation's rolling day, as Xero last reported them. */
  remaining: number;
  purposes: PurposeToday[];
}

export interface BackfillStatus {
  flowKey: string;
  paused: boolean;
  pending: number;
  eta: BackfillEta;
}

/** Calls left of the organisation's day, from the limiter's day window (`used`, counted against the app's limit). */
export function dayCallsLeft(used: number, appDayLimit: number, plan: DayPlan): number {
  const left = used >= appDayLimit - plan.dayLimit ? appDayLimit - used : plan.dayLimit - used;
  return Math.max(0, Math.min(plan.dayLimit, left));
}

/** The organisation's day: its own limit if set (Starter tier), else the app's `appDayLimit`. */
export async function dayPlanOf(m: EntityManager, integrationId: string, appDayLimit: number): Promise<DayPlan> {
  const row = await m.findOne(SyncCallPlan, { where: { integrationId } });
  return { dayLimit: row?.dayLimit ?? appDayLimit };
}

export class CallPlans {
  constructor(private readonly deps: CallPlanDeps) {}

  planFor(m: EntityManager, integrationId: string): Promise<DayPlan> {
    return dayPlanOf(m, integrationId, this.deps.appDayLimit);
  }

  /** The dayReserve a call made for `purpose` passes to XeroOrg.call or BatchWriter.send. */
  async reserveFor(m: EntityManager, integrationId: string, purpose: CallPurpose): Promise<number> {
    return dayReserveFor(purpose, await this.planFor(m, integrationId));
  }

  /**
   * Calls left of the organisation's rolling day. The rate limiter's day window holds our calls,
   * padded up to what X-DayLimit-Remaining said on every answer; it counts against the app's limit,
   * so a padded window (used ≥ app limit − organisation's limit) already tells Xero's own figure.
   */
  async remaining(xeroTenantId: string, plan: DayPlan): Promise<number> {
    const { day: used } = await this.deps.limiter.usage(xeroTenantId);
    return dayCallsLeft(used, this.deps.appDayLimit, plan);
  }

  /** "Calls left today by purpose" for the api and the ops screens. */
  async today(m: EntityManager, integrationId: string): Promise<CallsLeftToday> {
    const xeroTenantId = await this.xeroTenantOf(m, integrationId);
    const plan = await this.planFor(m, integrationId);
    const [remaining, spent] = await Promise.all([
      this.remaining(xeroTenantId, plan),
      this.deps.counters.spent(xeroTenantId),
    ]);
    return {
      dayLimit: plan.dayLimit,
      remaining,
      purposes: CALL_PURPOSES.map((purpose) => ({
        purpose,
        sharePerMille: PURPOSE_SHARES_PER_MILLE[purpose],
        reserve: dayReserveFor(purpose, plan),
        spent: spent[purpose],
        left: callsLeftFor(purpose, plan, remaining),
      })),
    };
  }

  /** Sets (or clears, with null) the organisation's own day limit. */
  async setDayLimit(m: EntityManager, tenantId: string, integrationId: string, dayLimit: number | null): Promise<void> {
    if (dayLimit !== null && (!Number.isInteger(dayLimit) || dayLimit <= 0)) {
      throw new RangeError(`a day limit is a positive whole number of calls, not ${dayLimit}`);
    }
    await m.query(
      `INSERT INTO sync_call_plans (tenant_id, integration_id, day_limit) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, integration_id) DO UPDATE SET day_limit = EXCLUDED.day_limit, updated_at = now()`,
      [tenantId, integrationId, dayLimit],
    );
  }

  /** Pauses a flow's backfill lane: its drain leaves backfill-lane changes pending until resumed. */
  pauseBackfill(m: EntityManager, tenantId: string, integrationId: string, flowKey: string): Promise<void> {
    return pauseBackfill(m, tenantId, integrationId, flowKey);
  }

  /** Resumes it; the caller requests a drain of the flow (requestDrain) in the same transaction. */
  resumeBackfill(m: EntityManager, integrationId: string, flowKey: string): Promise<void> {
    return resumeBackfill(m, integrationId, flowKey);
  }

  /** The flag the drain checks before it spends calls on backfill-lane changes. */
  isBackfillPaused(m: EntityManager, integrationId: string, flowKey: string): Promise<boolean> {
    return backfillPaused(m, integrationId, flowKey);
  }

  /**
   * A flow's backfill: paused or not, the backfill-lane changes still to write, and when they will
   * be written at the pace the plan allows (`recordsPerCall` as the drain achieves it, 50 a batch
   * until it has measured).
   */
  async backfill(
    m: EntityManager,
    integrationId: string,
    flowKey: string,
    achieved: { records: number; calls: number } = { records: 0, calls: 0 },
    dayMs?: number,
  ): Promise<BackfillStatus> {
    const [{ count }] = await m.query<Array<{ count: string }>>(
      `SELECT count(*) AS count FROM sync_pending_changes
       WHERE integration_id = $1 AND flow_key = $2 AND lane = $3 AND state IN ('pending', 'claimed')`,
      [integrationId, flowKey, LANES.backfill],
    );
    const plan = await this.planFor(m, integrationId);
    const remainingToday = await this.remaining(await this.xeroTenantOf(m, integrationId), plan);
    const pending = Number(count);
    return {
      flowKey,
      paused: await this.isBackfillPaused(m, integrationId, flowKey),
      pending,
      eta: backfillEta({
        pending,
        plan,
        remainingToday,
        recordsPerCall: achievedRecordsPerCall(achieved.records, achieved.calls),
        minuteLimit: this.deps.minuteLimit,
        dayMs: dayMs ?? this.deps.counters.dayMs,
      }),
    };
  }

  private async xeroTenantOf(m: EntityManager, integrationId: string): Promise<string> {
    const integration = await m.findOneOrFail(Integration, { where: { id: integrationId } });
    const connection = await m.findOneOrFail(XeroConnection, { where: { id: integration.xeroConnectionId } });
    return connection.xeroTenantId;
  }
}
