// Scheduled reconciliation: one schedule per integration (members set it; viewers read it), and
// the sweep that queues the runs that are due. Runs the worker is still busy with are not piled
// up; a schedule that missed its hour (workers down) runs once, then keeps its rhythm.
import { EntityManager } from 'typeorm';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { JobProducer, JOBS } from '#lb/queues';
import { ReconciliationGate, ReconciliationNotFoundError } from '../reconciliations.service';
import { ReconRun } from '../runs/recon-run.entity';
import { asOfFor, nextRunAt, ReconCadence } from './next-run';
import { ReconSchedule } from './recon-schedule.entity';

export interface ReconScheduleInput {
  cadence: ReconCadence;
  hourUtc: number;
  enabled: boolean;
}

export interface DueSweepCounts {
  queued: number;
  skippedBusy: number;
  /** Due, but the tenant's plan no longer includes reconciliation: moved on without a run. */
  skippedPlan: number;
  failedTenants: string[];
}

async function requireIntegration(m: EntityManager, integrationId: string): Promise<void> {
  if (!(await m.exists(Integration, { where: { id: integrationId } })))
    throw new ReconciliationNotFoundError('integration not found');
}

export class ReconSchedules {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly jobs: JobProducer,
    private readonly now: () => Date = () => new Date(),
    /** Billing's check that the plan includes reconciliation (throws when not). */
    private readonly gate: ReconciliationGate = async () => {},
  ) {}

  /** The integration's schedule, or null when it has none (runs only on demand). */
  get(tenantId: string, integrationId: string): Promise<ReconSchedule | null> {
    return this.tx.runReadOnly(tenantId, async (m) => {
      await requireIntegration(m, integrationId);
      return m.findOne(ReconSchedule, { where: { integrationId } });
    });
  }

  /** Creates or replaces the schedule; the next run is computed from now. */
  set(
    tenantId: string,
    integrationId: string,
    input: ReconScheduleInput,
    userId: string | null,
  ): Promise<ReconSchedule> {
    return this.tx.run(tenantId, async (m) => {
      await requireIntegration(m, integrationId);
      if (input.enabled) await this.gate(m, tenantId);
      const nextRun = nextRunAt(input.cadence, input.hourUtc, this.now());
      await m.query(
        `INSERT INTO recon_schedules (tenant_id, integration_id, cadence, hour_utc, enabled, next_run_at, updated_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, integration_id) DO UPDATE
           SET cadence = EXCLUDED.cadence, hour_utc = EXCLUDED.hour_utc, enabled = EXCLUDED.enabled,
               next_run_at = EXCLUDED.next_run_at, updated_by_user_id = EXCLUDED.updated_by_user_id`,
        [tenantId, integrationId, input.cadence, input.hourUtc, input.enabled, nextRun, userId],
      );
      return m.findOneOrFail(ReconSchedule, { where: { integrationId } });
    });
  }

  /** Removes the schedule: the integration reconciles on demand only. Its runs stay. */
  remove(tenantId: string, integrationId: string): Promise<void> {
    return this.tx.run(tenantId, async (m) => {
      await requireIntegration(m, integrationId);
      await m.delete(ReconSchedule, { integrationId });
    });
  }

  /** Every active tenant's due schedules queued; one tenant's failure does not stop the others. */
  async queueDueAll(system: SystemAccess): Promise<DueSweepCounts> {
    const counts: DueSweepCounts = { queued: 0, skippedBusy: 0, skippedPlan: 0, failedTenants: [] };
    for (const tenantId of await system.activeTenantIds()) {
      try {
        const c = await this.queueDue(tenantId);
        counts.queued += c.queued;
        counts.skippedBusy += c.skippedBusy;
        counts.skippedPlan += c.skippedPlan;
      } catch {
        counts.failedTenants.push(tenantId);
      }
    }
    return counts;
  }

  /** The tenant's due schedules: a run queued for each (as of the day before), next run moved on. */
  queueDue(tenantId: string): Promise<Omit<DueSweepCounts, 'failedTenants'>> {
    return this.tx.run(tenantId, async (m) => {
      const now = this.now();
      // Locked, skipping rows another sweep holds: two workers never queue the same run twice.
      const due = await m
        .createQueryBuilder(ReconSchedule, 's')
        .where('s.enabled AND s.next_run_at <= :now', { now })
        .orderBy('s.next_run_at')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      let queued = 0;
      let skippedBusy = 0;
      let skippedPlan = 0;
      const entitled = due.length
        ? await this.gate(m, tenantId).then(
            () => true,
            () => false,
          )
        : true;
      for (const s of due) {
        const last = s.lastRunId ? await m.findOne(ReconRun, { where: { id: s.lastRunId } }) : null;
        let lastRunId = s.lastRunId;
        if (!entitled) skippedPlan++;
        else if (last && (last.state === 'queued' || last.state === 'running')) skippedBusy++;
        else {
          const run = await m.save(
            m.create(ReconRun, { tenantId, integrationId: s.integrationId, asOf: asOfFor(s.cadence, s.hourUtc, now) }),
          );
          await this.jobs.enqueue('maintenance', JOBS.maintenance.reconcileRun, { tenantId, runId: run.id }, {}, m);
          lastRunId = run.id;
          queued++;
        }
        await m.update(ReconSchedule, { id: s.id }, { lastRunId, nextRunAt: nextRunAt(s.cadence, s.hourUtc, now) });
      }
      return { queued, skippedBusy, skippedPlan };
    });
  }
}
