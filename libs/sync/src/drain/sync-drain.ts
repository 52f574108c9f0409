// The drain (issue 11, x3-to-xero): up to 50 pending changes of one flow mapped, checked against
// their prerequisites and cross-references, and written to Xero in one persisted batch, exactly
// once. Short tenant transactions only; none is open across a call to Xero or X3.
import { X3EntityName, X3Transport, readByIds } from '#lb/connectors/sage-x3';
import { XeroOrg } from '#lb/connectors/xero';
import { SyncFlowJob } from '#lb/queues';
import { EntityManager } from 'typeorm';
import { gateThroughGraph } from '../flow-runs/flow-graph-gate';
import { traceDrainRun } from '../trail/traced-run';
import { CrossReferences } from '../cross-references/cross-references.service';
import { continueDrain, requestDrain, requeueCapped, requeueFilling } from '../pending/drain-jobs';
import { LANES } from '../pending/lanes';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { Claim, DRAIN_BATCH, FlowScope, PendingChanges, pinnedVersionOf } from '../pending/pending-changes.service';
import { carryXeroChanges, drainXeroToX3 } from '../x3-writer/drain-xero-to-x3';
import { allocateCredits } from './credit-allocation-step';
import { isAllocationChange } from './credit-allocations';
import { inFlightOf } from './batch-flight';
import { partBatchWait, putBackToFill } from './batch-fill';
import { BatchSendDeps, groupByEntity, holdBlocked, prepareWrites, sendBatch } from './batch-send';
import { setAsidePausedBackfill } from '../budget/backfill-pause';
import { dayPlanOf } from '../budget/call-plans.service';
import { dayReserveFor, purposeOfLane } from '../budget/call-purposes';
import { CompiledMappings, OrgFactsCache } from './drain-caches';
import { DrainContext, loadDrainContext, withPinnedMapping } from './drain-context';
import { failureSettlement, pauseForReauthorisation, planFailure, settleStillClaimed } from './drain-failures';
import { EntityPlan, entityPlanOf } from './entity-plans';
import { ApprovedDeletion, mapChanges, Verdict } from './map-records';
import { voidApprovedDeletions } from './void-deletions';
import { paymentSteps } from './payment-steps';
import { screenPaymentVerdicts } from './payment-sets';
import { TenantDrainCap } from './tenant-drain-cap';
import { waitsForXeroSide } from './behind-xero-edits';
import { narrowToX3Edits } from './both-ways-delta';
import { matchOrderDrafts } from './draft-matches';
import { remainderPlanner } from './remainder-writes';
import { DEFAULT_DRAIN_OPTIONS, DrainDeps, DrainOptions, DrainReport } from './drain-options';
import { openDrainX3 } from './drain-x3';
import { decideWrites } from './decide-writes';

/** Calls of the organisation's minute that must be free for a drain to start the next one alongside. */
const PIPELINE_HEADROOM = 5;

/** A flow as the tenant drain cap names it (a tenant may have several integrations). */
const capFlowOf = (scope: FlowScope) => `${scope.integrationId}|${scope.flowKey}`;

/**
 * One instance per worker process (it holds the compiled-mapping and organisation caches). `run`
 * is safe to call twice for one job: the rows say what is done.
 */
export class SyncDrain {
  private readonly o: DrainOptions;
  private readonly pending = new PendingChanges();
  private readonly crossRefs = new CrossReferences();
  private readonly mappings = new CompiledMappings();
  private readonly facts: OrgFactsCache;
  private readonly cap: Pick<TenantDrainCap, 'acquire' | 'release' | 'markWaiting' | 'waitingFlow'>;
  private readonly batchDeps: BatchSendDeps;

  constructor(
    protected readonly d: DrainDeps,
    options: Partial<DrainOptions> = {},
    cap?: Pick<TenantDrainCap, 'acquire' | 'release' | 'markWaiting' | 'waitingFlow'>,
  ) {
    this.o = { ...DEFAULT_DRAIN_OPTIONS, ...options };
    this.facts = new OrgFactsCache(this.o.factsTtlMs);
    const { pending, crossRefs } = this;
    this.batchDeps = { tx: d.tx, batches: d.xero.batches, pending, crossRefs, jobs: d.jobs };
    this.cap = cap ?? new TenantDrainCap(d.redis, this.o.tenantConcurrency, this.o.leaseSeconds * 1000 + 60_000);
  }

  /**
   * `jobId`: the Bull job running this drain, so a capped re-queue takes the other of its two ids.
   * The job's own priority does not matter: the claim takes the lowest lane first, and a
   * continuation is queued at the lane of what is left.
   */
  run(job: SyncFlowJob, jobId?: string): Promise<DrainReport> {
    return traceDrainRun(this.d.tx, job, () => this.runTraced(job, jobId));
  }

  private async runTraced(job: SyncFlowJob, jobId?: string): Promise<DrainReport> {
    const { tenantId } = job;
    const scope: FlowScope = { integrationId: job.integrationId, flowKey: job.flowKey };
    const report: DrainReport = { status: 'idle', claimed: 0, written: 0, batches: 0, continued: false };
    const loaded = await this.d.tx.run(tenantId, (m) => loadDrainContext(m, scope));
    if (loaded.kind === 'idle') return { ...report, reason: loaded.reason };
    if (loaded.kind === 'xero-to-x3') return this.drainToX3(tenantId, scope, report, jobId);
    const plan = entityPlanOf(loaded.context.entity);
    if (!plan) return { ...report, reason: `${loaded.context.entity} is not written by the drain yet` };
    const fill = await this.d.tx.run(tenantId, (m) =>
      partBatchWait(m, scope, DRAIN_BATCH, this.o.fillWaitMs, this.o.arrivingMs),
    );
    if (fill.kind === 'wait') {
      await requeueFilling(this.d.jobs, tenantId, scope, fill.lane, fill.delayMs, jobId);
      return { ...report, status: 'filling', continued: true };
    }
    const lease = await this.cap.acquire(tenantId, capFlowOf(scope));
    if (!lease) {
      await requeueCapped(this.d.jobs, tenantId, scope, this.o.capRetryMs, jobId);
      return { ...report, status: 'capped', continued: true };
    }
    try {
      await this.drainClaim(loaded.context, plan, scope, report);
      if (fill.part && report.claimed > 0 && report.claimed < DRAIN_BATCH) report.partBatch = fill.part;
    } finally {
      await this.cap.release(tenantId, lease);
    }
    await this.continueIfMore(tenantId, scope, report, jobId);
    return report;
  }

  private async drainClaim(flowContext: DrainContext, plan: EntityPlan, scope: FlowScope, report: DrainReport) {
    const tenantId = flowContext.integration.tenantId;
    const claim = await this.d.tx.run(tenantId, (m) => this.pending.claim(m, scope, DRAIN_BATCH, this.o.leaseSeconds));
    report.claimed = claim.changes.length;
    report.status = claim.changes.length ? 'drained' : 'empty';
    if (!claim.changes.length) return;
    // a replay "with the pinned version": the claim (one pin) runs that mapping version
    const context = await this.d.tx.run(tenantId, (m) => withPinnedMapping(m, flowContext, pinnedVersionOf(claim)));
    // a paused backfill lane (call plan) stays pending; it is looked at again a Xero minute later
    const recheckMs = Math.ceil(60_000 / this.d.xero.settings.clockScale);
    claim.changes = await this.d.tx.run(tenantId, (m) =>
      setAsidePausedBackfill(m, this.pending, scope, claim, recheckMs),
    );
    if (!claim.changes.length) return;
    // a graph flow: each record walks its run first; only those at their action go on (flow-runs/)
    const graph = context.flow.graph;
    if (graph) {
      const scopeOfRun = { ...scope, flowVersion: context.flowVersion, graph };
      const inTenant = <T>(fn: (m: EntityManager) => Promise<T>) => this.d.tx.run(tenantId, fn);
      claim.changes = await gateThroughGraph(inTenant, this.pending, scopeOfRun, claim.claimId, claim.changes);
      if (!claim.changes.length) return;
    }
    // a both-ways flow: what came from Xero goes to the X3 writer, under this same claim
    const fromXero = claim.changes.filter((c) => c.direction === 'xero-to-x3');
    if (fromXero.length) {
      await this.carryToX3(context, { claimId: claim.claimId, changes: fromXero }, report);
      claim.changes = claim.changes.filter((c) => c.direction !== 'xero-to-x3');
      if (!claim.changes.length) return;
    }
    // an X3 record Xero's side is writing, or (both ways) has an edit on its way to, waits for it
    const behind = await this.d.tx.run(tenantId, (m) => waitsForXeroSide(m, context, claim.changes));
    if (behind.size) {
      const waits = claim.changes.filter((c) => behind.has(c.sourceKey));
      const release = (c: SyncPendingChange) => ({ kind: 'release' as const, delayMs: behind.get(c.sourceKey)! });
      await this.d.tx.run(tenantId, (m) => settleStillClaimed(m, this.pending, claim.claimId, waits, release));
      claim.changes = claim.changes.filter((c) => !behind.has(c.sourceKey));
      if (!claim.changes.length) return;
    }
    if (context.flow.direction === 'both-ways') {
      // X3 may have been written from Xero since the poll read it (in this claim or an earlier one):
      // its side is read again, never the poll's copy, which would carry X3's overwritten values
      // back to Xero (the both-ways proof's extra writes). A deletion stays one. (Re-reading only
      // records whose cross-reference moved was tried: the both-ways proof then wrote echoes.)
      for (const c of claim.changes) if (c.source && c.source._deleted !== true) c.source = null;
    }
    const lane = Math.min(...claim.changes.map((c) => c.lane));
    // lower lanes leave part of the organisation's day to higher ones (libs/sync budget shares)
    const day = await this.d.tx.run(tenantId, (m) =>
      dayPlanOf(m, scope.integrationId, this.d.xero.settings.limits.day),
    );
    const dayReserve = dayReserveFor(purposeOfLane(lane), day);
    let x3: X3Transport | undefined;
    try {
      const org = await this.d.xero.orgs.forConnection(tenantId, context.integration.xeroConnectionId);
      const facts = await this.facts.of(org, dayReserve);
      if (report.claimed >= DRAIN_BATCH) await this.continueAlongside(org, scope, claim.changes, report);
      // Batches a dead or refused drain left in flight go first, resent as they were prepared.
      const inFlight = new Map<string, SyncPendingChange[]>();
      for (const c of claim.changes) {
        const f = inFlightOf(c);
        if (f) inFlight.set(f.batchId, [...(inFlight.get(f.batchId) ?? []), c]);
      }
      for (const [batchId, changes] of inFlight) {
        await this.sendAndApply(org, context, claim.claimId, batchId, changes, dayReserve, report);
      }
      // credit-note allocations (credit-allocations.ts): one that comes before its note waits for it
      const allocations = claim.changes.filter(isAllocationChange);
      const fresh = claim.changes.filter((c) => !inFlightOf(c) && !isAllocationChange(c));
      const deps = this.batchDeps;
      if (allocations.length) {
        const args = [org, context, claim.claimId, allocations, facts, dayReserve] as const;
        report.written += await allocateCredits(deps, ...args);
      }
      if (!fresh.length) return;
      const compiled = this.mappings.of(context.mapping.id, context.mapping.document);
      const readX3 = async (node: string, key: string) => {
        x3 ??= await openDrainX3(this.d, context);
        return x3.get(node as X3EntityName, key);
      };
      const mapped = await mapChanges(fresh, {
        context,
        compiled,
        facts,
        readX3,
        readManyX3: async (node, keys) => {
          x3 ??= await openDrainX3(this.d, context);
          return readByIds(x3, node as X3EntityName, keys);
        },
      });
      // deletions an admin approved voiding: no batch, a status change each (void-deletions.ts)
      const voids = mapped.filter((v): v is ApprovedDeletion => v.kind === 'void').map((v) => v.change);
      if (voids.length) {
        // the lock dates as they are now (an adviser may have locked the period since): one call
        this.facts.forget(org.connection.id);
        const now = await this.facts.of(org, dayReserve);
        const args = [org, context, claim.claimId, voids, now, dayReserve] as const;
        report.written += await voidApprovedDeletions(this.batchDeps, ...args);
      }
      const rest = mapped.filter((v): v is Verdict => v.kind !== 'void');
      const isPayment = context.entity === 'payment';
      const verdicts = isPayment ? screenPaymentVerdicts(rest, context) : rest;
      const { writes, waited } = await this.d.tx.run(tenantId, (m) =>
        decideWrites(m, deps, context, plan, claim.claimId, verdicts, facts.baseCurrency),
      );
      // a payment set's own Xero steps: reversals, credit notes applied in it (payment-steps.ts)
      const mine = await paymentSteps(this.batchDeps, org, context, claim.claimId, writes, {
        facts,
        dayReserve,
        report,
      });
      // a both-ways party sends only X3's edits, never over Xero's own (both-ways-delta.ts)
      const unreversed = await narrowToX3Edits(deps, context, plan, claim.claimId, mine, { compiled, facts });
      // a full backfill claim thinned out by waits: the ready ones go back in line (batch-fill.ts)
      const refill = { claimed: report.claimed, waited, toWrite: unreversed, fillWaitMs: this.o.fillWaitMs };
      const putBack = isPayment ? undefined : await putBackToFill(this.batchDeps, claim.claimId, refill);
      if (putBack) return void (report.refilled = putBack);
      // a posted invoice whose orders have Xero drafts is written over them (draft-matches.ts)
      const compile = (c: DrainContext) => this.mappings.of(c.mapping.id, c.mapping.document);
      const planRemainder = remainderPlanner({ ...deps, facts, compile, readX3 }, context.integration);
      const orders = { readX3, planRemainder };
      const writesNow = await matchOrderDrafts(deps, org, context, claim.claimId, unreversed, dayReserve, orders);
      const blockArgs = [org, context, plan, claim.claimId, writesNow, facts, dayReserve] as const;
      const toWrite = await holdBlocked(this.batchDeps, ...blockArgs);
      // one batch per Xero entity (a payment's remainder is a BankTransaction, not a Payment)
      for (const [groupPlan, group] of groupByEntity(toWrite, plan)) {
        const batch = await prepareWrites(
          this.batchDeps,
          context,
          groupPlan,
          claim.claimId,
          group,
          this.o.leaseSeconds,
        );
        if (batch)
          await this.sendAndApply(org, context, claim.claimId, batch.batchId, batch.changes, dayReserve, report);
      }
    } catch (e) {
      const failure = planFailure(e);
      if (failure.kind === 'unhandled') throw e; // leases expire; Bull retries the job
      await this.d.tx.run(tenantId, async (m) => {
        if (failure.kind === 'auth') await pauseForReauthorisation(m, context.integration.id);
        await settleStillClaimed(m, this.pending, claim.claimId, claim.changes, (c) => failureSettlement(failure, c));
      });
      report.status =
        failure.kind === 'auth' ? 'paused' : failure.kind === 'rate-limited' ? 'rate-limited' : 'retrying';
      if (failure.kind === 'rate-limited') {
        // never sleep holding the Bull lock: come back when the limiter says there is a slot
        await continueDrain(this.d.jobs, tenantId, scope, lane, failure.delayMs);
        report.continued = true;
      }
    } finally {
      x3?.close();
    }
  }

  /** A xero-to-x3 flow, under this tenant's drain cap; the X3 writer queues its own continuations. */
  private async drainToX3(
    tenantId: string,
    scope: FlowScope,
    report: DrainReport,
    jobId: string | undefined,
  ): Promise<DrainReport> {
    if (!this.d.xeroToX3) return { ...report, reason: `no X3 writer for ${scope.flowKey}` };
    const lease = await this.cap.acquire(tenantId, capFlowOf(scope));
    if (!lease) {
      await requeueCapped(this.d.jobs, tenantId, scope, this.o.capRetryMs, jobId);
      return { ...report, status: 'capped', continued: true };
    }
    try {
      const r = await drainXeroToX3(this.d.xeroToX3, tenantId, scope);
      return {
        ...report,
        status: r.claimed ? 'drained' : 'empty',
        claimed: r.claimed,
        written: r.written,
        continued: true,
      };
    } finally {
      await this.cap.release(tenantId, lease);
    }
  }

  private async carryToX3(context: DrainContext, claim: Claim, report: DrainReport): Promise<void> {
    const tenantId = context.integration.tenantId;
    if (!this.d.xeroToX3) {
      await this.d.tx.run(tenantId, (m) =>
        settleStillClaimed(m, this.pending, claim.claimId, claim.changes, () => ({ kind: 'release', delayMs: 60_000 })),
      );
      return;
    }
    const run = {
      integration: context.integration,
      flowKey: context.flowKey,
      version: context.flowVersion,
      document: context.flow,
    };
    report.written += (await carryXeroChanges(this.d.xeroToX3, tenantId, run, claim)).written;
  }

  /** Sends (or resends) one batch and settles each of its records with its own outcome. */
  protected async sendAndApply(
    org: XeroOrg,
    context: DrainContext,
    claimId: string,
    batchId: string,
    changes: SyncPendingChange[],
    dayReserve: number,
    report: DrainReport,
  ): Promise<void> {
    const sent = await sendBatch(this.batchDeps, org, context, claimId, batchId, changes, dayReserve);
    report.batches++;
    report.written += sent.written;
    // Xero held something back (a lock date, a paid document): the organisation's facts may have
    // changed since they were read, so the next drain reads them again.
    if (sent.held > 0) this.facts.forget(org.connection.id);
  }

  /**
   * A full claim means more is likely waiting: the next drain of the flow is queued now, to claim
   * and map its 50 while this one waits for Xero (a batch takes seconds to answer; one at a time, a
   * flow could not reach Xero's 60 calls a minute). The tenant's drain cap still bounds how many run,
   * and a flow of the tenant waiting for a slot goes first (continueIfMore hands it this one's).
   */
  private async continueAlongside(
    org: XeroOrg,
    scope: FlowScope,
    changes: SyncPendingChange[],
    report: DrainReport,
  ): Promise<void> {
    const tenantId = org.connection.tenantId;
    if (await this.cap.waitingFlow(tenantId, capFlowOf(scope))) return;
    // Only while the organisation's minute has calls to spare: at the ceiling a second batch could
    // only wait for a slot, and drains re-queued for one came back together and mostly failed to
    // get it (3 to 6 attempts a batch in the 10,000 + 10,000 load, each a claim and a re-send).
    const used = await this.d.xero.limiter.usage(org.xeroTenantId);
    if (used.parkedUntil || used.minute >= this.d.xero.settings.limits.minute - PIPELINE_HEADROOM) return;
    await continueDrain(this.d.jobs, tenantId, scope, Math.min(...changes.map((c) => c.lane)));
    report.continued = true;
  }

  /**
   * More work now: a continuation behind other flows (round-robin), or — when another flow of the
   * tenant waits for a slot with no drain of its own — that flow's drain now and this one's turn
   * after it (TenantDrainCap). Later work: come back then.
   */
  private async continueIfMore(
    tenantId: string,
    scope: FlowScope,
    report: DrainReport,
    jobId: string | undefined,
  ): Promise<void> {
    if (report.continued) return;
    const next = await this.d.tx.run(tenantId, async (m) => {
      // the wait is measured on PostgreSQL's clock, whose instants these are: this process's may be off
      const [row] = await m.query<Array<{ lane: number | null; wait_ms: string | null }>>(
        `SELECT min(lane) AS lane,
                ceil(extract(epoch FROM
                  min(CASE WHEN state = 'pending' THEN available_at ELSE claimed_until END) - now()) * 1000)::bigint AS wait_ms
         FROM sync_pending_changes WHERE integration_id = $1 AND flow_key = $2 AND state IN ('pending', 'claimed')`,
        [scope.integrationId, scope.flowKey],
      );
      return row;
    });
    if (next?.wait_ms === null || next?.wait_ms === undefined) return;
    const delayMs = Math.max(0, Number(next.wait_ms));
    const waiting = delayMs === 0 ? await this.cap.waitingFlow(tenantId, capFlowOf(scope)) : null;
    if (waiting) {
      const [integrationId, flowKey] = waiting.split('|');
      await requestDrain(this.d.jobs, tenantId, { integrationId, flowKey }, LANES.polling);
      await this.cap.markWaiting(tenantId, capFlowOf(scope));
      await requeueCapped(this.d.jobs, tenantId, scope, this.o.capRetryMs, jobId);
      report.handedTo = flowKey;
    } else {
      await continueDrain(this.d.jobs, tenantId, scope, Number(next.lane ?? LANES.polling), delayMs || undefined);
    }
    report.continued = true;
  }
}
