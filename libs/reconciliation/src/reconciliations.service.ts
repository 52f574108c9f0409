// Reconciliation runs as members see them: started on demand (the worker runs them), listed,
// read with their differences grouped by class, and each difference approved (its fix applied
// through the sync) or dismissed. Everything in the tenant's transaction.
import { EntityManager } from 'typeorm';
import type { RequestOrigin } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { MappingVersions } from '#lb/mapping';
import { JobProducer, JOBS } from '#lb/queues';
import { applyFix } from './fixes/apply-fix';
import { DIFFERENCE_CLASSES, DifferenceClass } from './runs/classify';
import { ReconDifference } from './runs/recon-difference.entity';
import { ReconRun } from './runs/recon-run.entity';
import type { RunLedgerResult } from './ledger/run-ledger';

export class ReconciliationNotFoundError extends Error {}
export class DifferenceDecidedError extends Error {}
export class ReconciliationInvalidError extends Error {}

/** A calendar day that exists (2026-02-30 does not), as YYYY-MM-DD. */
const isDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** Differences listed per class in a run view; the rest are counted, not returned. */
export const DIFFERENCES_PER_CLASS = 200;

export interface ReconRunView {
  run: ReconRun;
  groups: Array<{ differenceClass: DifferenceClass; count: number; differences: ReconDifference[] }>;
  /** The GL comparison; null until the run compared the ledgers (or a run made without it). */
  ledger: RunLedgerResult | null;
}

/** A run's GL comparison (not loaded with the run itself: recon-run.entity.ts). */
export async function ledgerOf(m: EntityManager, runId: string): Promise<RunLedgerResult | null> {
  const [row] = await m.query<Array<{ ledger: RunLedgerResult | null }>>(
    `SELECT ledger FROM recon_runs WHERE id = $1`,
    [runId],
  );
  return row?.ledger ?? null;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Refuses (throws) when the tenant's plan does not include reconciliation; billing supplies it. */
export type ReconciliationGate = (m: EntityManager, tenantId: string) => Promise<void>;

export class Reconciliations {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly jobs: JobProducer,
    private readonly gate: ReconciliationGate = async () => {},
    /** Mapping versions with the sync's activation hook: an approved add-mapping fix saves through it. */
    private readonly mappings?: MappingVersions,
  ) {}

  /** Queues a run as of `asOf` (today, UTC, by default); the worker's reconcile-run job runs it. */
  start(tenantId: string, integrationId: string, asOf: string | undefined, userId: string | null): Promise<ReconRun> {
    if (asOf !== undefined && !isDay(asOf))
      return Promise.reject(new ReconciliationInvalidError(`${asOf} is not a day`));
    return this.tx.run(tenantId, async (m) => {
      if (!(await m.exists(Integration, { where: { id: integrationId } })))
        throw new ReconciliationNotFoundError('integration not found');
      await this.gate(m, tenantId);
      const run = await m.save(
        m.create(ReconRun, { tenantId, integrationId, asOf: asOf ?? today(), requestedByUserId: userId }),
      );
      await this.jobs.enqueue('maintenance', JOBS.maintenance.reconcileRun, { tenantId, runId: run.id }, {}, m);
      return run;
    });
  }

  list(tenantId: string, integrationId: string): Promise<ReconRun[]> {
    return this.tx.runReadOnly(tenantId, async (m) => {
      if (!(await m.exists(Integration, { where: { id: integrationId } })))
        throw new ReconciliationNotFoundError('integration not found');
      return m.find(ReconRun, { where: { integrationId }, order: { createdAt: 'DESC' }, take: 100 });
    });
  }

  get(tenantId: string, integrationId: string, runId: string): Promise<ReconRunView> {
    return this.tx.runReadOnly(tenantId, async (m) => {
      const run = await m.findOne(ReconRun, { where: { id: runId, integrationId } });
      if (!run) throw new ReconciliationNotFoundError('run not found');
      const groups: ReconRunView['groups'] = [];
      for (const differenceClass of DIFFERENCE_CLASSES) {
        const [differences, count] = await m.findAndCount(ReconDifference, {
          where: { runId, differenceClass },
          order: { matchKey: 'ASC' },
          take: DIFFERENCES_PER_CLASS,
        });
        if (count) groups.push({ differenceClass, count, differences });
      }
      return { run, groups, ledger: await ledgerOf(m, run.id) };
    });
  }

  /** Approve applies the fix (state applied) in the same transaction; dismiss only records the decision. */
  decide(
    tenantId: string,
    ids: { integrationId: string; runId: string; differenceId: string },
    decision: 'approve' | 'dismiss',
    userId: string | null,
    /** add-mapping: the entry's value fields; origin: where the approval came from (audit). */
    approval: { value?: Record<string, unknown>; origin?: RequestOrigin } = {},
  ): Promise<ReconDifference> {
    return this.tx.run(tenantId, async (m) => {
      const run = await m.findOne(ReconRun, { where: { id: ids.runId, integrationId: ids.integrationId } });
      const d = run
        ? await m.findOne(ReconDifference, {
            where: { id: ids.differenceId, runId: run.id },
            lock: { mode: 'pessimistic_write' },
          })
        : null;
      if (!run || !d) throw new ReconciliationNotFoundError('difference not found');
      if (d.state !== 'open') throw new DifferenceDecidedError(`the difference is already ${d.state}`);
      if (decision === 'approve') {
        const by = {
          actor: userId ? { kind: 'user' as const, id: userId } : { kind: 'system' as const, id: null },
          origin: approval.origin ?? {},
        };
        await applyFix(m, { jobs: this.jobs, mappings: this.mappings }, run.integrationId, d, {
          by,
          value: approval.value,
        });
      }
      const state = decision === 'approve' ? 'applied' : 'dismissed';
      await m.update(ReconDifference, { id: d.id }, { state, decidedByUserId: userId, decidedAt: new Date() });
      return { ...d, state, decidedByUserId: userId };
    });
  }
}
