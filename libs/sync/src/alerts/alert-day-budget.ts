// The day budget a 'budget' rule reads: the organisation's call plan and the rate limiter's day window.
import { EntityManager } from 'typeorm';
import { XeroRateLimiter } from '#lb/connectors/xero';
import { dayCallsLeft, dayPlanOf } from '../budget/call-plans.service';
import { DayBudgetOf } from './alert-conditions';

export function callPlanDayBudget(limiter: XeroRateLimiter, appDayLimit: number): DayBudgetOf {
  return async (m: EntityManager, integrationId: string) => {
    const rows: Array<{ xero_tenant_id: string }> = await m.query(
      `SELECT c.xero_tenant_id FROM integrations i JOIN xero_connections c ON c.id = i.xero_connection_id
        WHERE i.id = $1 AND c.status <> 'disconnected'`,
      [integrationId],
    );
    if (!rows.length) return null;
    const plan = await dayPlanOf(m, integrationId, appDayLimit);
    const { day: used } = await limiter.usage(rows[0].xero_tenant_id);
    return { dayLimit: plan.dayLimit, remaining: dayCallsLeft(used, appDayLimit, plan) };
  };
}
