// The alerts evaluator: every tenant's enabled rules, each inside the tenant's own transaction.
// One alert per (rule, subject) while the condition holds (a partial unique index keeps it one even
// if two evaluators overlap); a subject that is no longer found resolves its alert.
import { EntityManager } from 'typeorm';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { Alert, AlertRule } from './alert-entities';
import { conditionHits, DayBudgetOf } from './alert-conditions';
import { queueNotices } from './alert-notices';

export interface EvaluationCounts {
  opened: number;
  resolved: number;
  held: number;
}

export class AlertEvaluator {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly system: SystemAccess,
    private readonly jobs: JobProducer,
    private readonly dayBudget?: DayBudgetOf,
  ) {}

  /** Every active tenant; one tenant's failure does not hold back the others, and is thrown at the end. */
  async evaluateAll(): Promise<EvaluationCounts> {
    const total: EvaluationCounts = { opened: 0, resolved: 0, held: 0 };
    const failed: string[] = [];
    let firstError: unknown;
    for (const tenantId of await this.system.activeTenantIds()) {
      try {
        const c = await this.evaluateTenant(tenantId);
        total.opened += c.opened;
        total.resolved += c.resolved;
        total.held += c.held;
      } catch (error) {
        failed.push(tenantId);
        firstError ??= error;
      }
    }
    if (failed.length) {
      throw new Error(`alert rules of ${failed.length} tenant(s) not evaluated: ${failed.join(', ')}`, {
        cause: firstError,
      });
    }
    return total;
  }

  evaluateTenant(tenantId: string): Promise<EvaluationCounts> {
    return this.tx.run(tenantId, async (m) => {
      const counts: EvaluationCounts = { opened: 0, resolved: 0, held: 0 };
      // Locked: a second evaluator skips the rules this one is working on.
      const rules = await m
        .createQueryBuilder(AlertRule, 'r')
        .where('r.enabled')
        .orderBy('r.created_at')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const rule of rules) await this.evaluateRule(m, rule, counts);
      return counts;
    });
  }

  private async evaluateRule(m: EntityManager, rule: AlertRule, counts: EvaluationCounts): Promise<void> {
    const hits = await conditionHits(m, rule, this.dayBudget);
    const open = await m.find(Alert, { where: { ruleId: rule.id, state: 'open' } });
    const openBySubject = new Map(open.map((a) => [a.subject, a]));
    for (const hit of hits) {
      const existing = openBySubject.get(hit.subject);
      if (existing) {
        await m.query(`UPDATE alerts SET last_seen_at = now(), details = $2::jsonb, summary = $3 WHERE id = $1`, [
          existing.id,
          JSON.stringify(hit.details),
          hit.summary,
        ]);
        counts.held++;
        continue;
      }
      const inserted: Array<{ id: string }> = await m.query(
        `INSERT INTO alerts (tenant_id, rule_id, subject, summary, details) VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (tenant_id, rule_id, subject) WHERE state = 'open' DO NOTHING RETURNING id`,
        [rule.tenantId, rule.id, hit.subject, hit.summary, JSON.stringify(hit.details)],
      );
      if (!inserted.length) continue;
      const alert = await m.findOneByOrFail(Alert, { id: inserted[0].id });
      await queueNotices(m, this.jobs, rule, alert, 'opened');
      counts.opened++;
    }
    const still = new Set(hits.map((h) => h.subject));
    for (const alert of open) {
      if (still.has(alert.subject)) continue;
      alert.state = 'resolved';
      alert.resolvedAt = new Date();
      await m.update(Alert, { id: alert.id }, { state: 'resolved', resolvedAt: alert.resolvedAt });
      await queueNotices(m, this.jobs, rule, alert, 'resolved');
      counts.resolved++;
    }
  }
}
