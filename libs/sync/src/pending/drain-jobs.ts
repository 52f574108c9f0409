import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { JobProducer, JOBS } from '#lb/queues';
import { bullPriorityOf, LANES } from './lanes';
import type { FlowScope } from './pending-changes.service';

/**
 * The one id of a flow's waiting drain job: triggers while one waits are absorbed by Bull.
 * A running drain that finds more work queues a continuation under its own id (see continueDrain).
 */
export function drainJobId(scope: FlowScope): string {
  return `drain:${scope.integrationId}:${scope.flowKey}`;
}

/**
 * Asks for a drain of the flow, in the caller's transaction (outbox): it exists exactly when the
 * changes that need it commit.
 */
export function requestDrain(
  jobs: JobProducer,
  tenantId: string,
  scope: FlowScope,
  lane: number,
  within?: EntityManager,
  delayMs?: number,
): Promise<void> {
  return jobs.enqueue(
    'sync',
    JOBS.sync.drain,
    { tenantId, integrationId: scope.integrationId, flowKey: scope.flowKey },
    { jobId: drainJobId(scope), priority: bullPriorityOf(lane), ...(delayMs ? { delay: delayMs } : {}) },
    within,
  );
}

/**
 * A drain that took its 50 and sees more (or must come back later for a Xero slot) queues a
 * continuation behind every other flow's waiting drain: that is the round-robin across tenants.
 * Its id differs from the trigger id (a job cannot re-add its own id while it runs). A drain run
 * twice (Bull is at-least-once) may leave two continuations: harmless, claims never overlap.
 */
export function continueDrain(
  jobs: JobProducer,
  tenantId: string,
  scope: FlowScope,
  lane: number,
  delayMs?: number,
  within?: EntityManager,
): Promise<void> {
  return jobs.enqueue(
    'sync',
    JOBS.sync.drain,
    { tenantId, integrationId: scope.integrationId, flowKey: scope.flowKey },
    {
      jobId: `${drainJobId(scope)}:c:${randomUUID()}`,
      priority: bullPriorityOf(lane),
      ...(delayMs ? { delay: delayMs } : {}),
    },
    within,
  );
}

/**
 * Bull priority of a drain that found its tenant's drains all busy: below every other tenant's
 * drains and polls (backfill polls are 5), since it cannot run before one of its own finishes.
 */
export const CAPPED_DRAIN_PRIORITY = bullPriorityOf(LANES.backfill) + 2;

/**
 * The id a capped drain comes back under: two fixed ids per flow, taken in turn (a job cannot
 * re-add its own id while it runs). However many triggers and continuations of a flow meet the cap,
 * they merge into at most two waiting jobs; each used to circulate on its own every 2 s, and a
 * backlog's dozens of them kept other tenants' polls waiting (the fairness bench, 1 Dec).
 */
export function cappedDrainJobId(scope: FlowScope, currentJobId?: string): string {
  return alternateDrainJobId(scope, 'capped', currentJobId);
}

/** Two fixed ids per flow and purpose, taken in turn: a job cannot re-add its own id while it runs. */
function alternateDrainJobId(scope: FlowScope, purpose: string, currentJobId?: string): string {
  const base = `${drainJobId(scope)}:${purpose}:`;
  return currentJobId === `${base}a` ? `${base}b` : `${base}a`;
}

/** A drain coming back under one of its flow's two fixed ids for `purpose`, after `delayMs`. */
function requeueUnder(
  purpose: 'capped' | 'fill',
  priority: number,
  jobs: JobProducer,
  tenantId: string,
  scope: FlowScope,
  delayMs: number,
  currentJobId?: string,
): Promise<void> {
  return jobs.enqueue(
    'sync',
    JOBS.sync.drain,
    { tenantId, integrationId: scope.integrationId, flowKey: scope.flowKey },
    { jobId: alternateDrainJobId(scope, purpose, currentJobId), priority, delay: delayMs },
  );
}

/**
 * Brings back a drain that held a part batch for records about to be released (batch-fill.ts), at
 * its lane, deduplicated per flow like a capped one: every release also asks for a drain.
 */
export function requeueFilling(
  jobs: JobProducer,
  tenantId: string,
  scope: FlowScope,
  lane: number,
  delayMs: number,
  currentJobId?: string,
): Promise<void> {
  return requeueUnder('fill', bullPriorityOf(lane), jobs, tenantId, scope, delayMs, currentJobId);
}

/** Re-queues a drain that found its tenant capped: deduplicated per flow, at the lowest priority. */
export function requeueCapped(
  jobs: JobProducer,
  tenantId: string,
  scope: FlowScope,
  delayMs: number,
  currentJobId?: string,
): Promise<void> {
  return requeueUnder('capped', CAPPED_DRAIN_PRIORITY, jobs, tenantId, scope, delayMs, currentJobId);
}
