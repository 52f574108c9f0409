// The drain's door for a graph flow: each claimed change walks (or goes on walking) its run before
// anything is mapped. A run at its action goes on to the drain's mapping and batch as a linear flow's
// change would; a parked run's change is set aside in PostgreSQL (until its deadline, or waiting on
// the run); an ended or failed run settles the change. No lock or job is held while a run waits.
import { EntityManager } from 'typeorm';
import type { FlowGraph } from '../flows/flow-graph';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { PendingChanges, Settlement } from '../pending/pending-changes.service';
import { SyncFlowEvent } from './flow-event.entity';
import { PARKED_RUN_STATES, SyncFlowRun } from './flow-run.entity';
import { runWaitKey } from './run-changes';
import { GraphWalk, Resume } from './walk-graph';

export interface GateScope {
  integrationId: string;
  flowKey: string;
  flowVersion: number;
  graph: FlowGraph;
}

/**
 * Walks each change's run and settles those that do not go on to be written now; answers the ones
 * that do (their run reached a writing action). One short transaction per change, holding its run's
 * row lock, so an approval given meanwhile is either seen here or sees the change parked.
 */
export async function gateThroughGraph(
  run: <T>(fn: (m: EntityManager) => Promise<T>) => Promise<T>,
  pending: PendingChanges,
  scope: GateScope,
  claimId: string,
  changes: SyncPendingChange[],
): Promise<SyncPendingChange[]> {
  const onward: SyncPendingChange[] = [];
  for (const change of changes) {
    const goesOn = await run(async (m) => {
      const r = await advanceRun(m, scope, change);
      const settlement = settlementOf(r);
      if (!settlement) return true;
      await pending.settle(m, change, claimId, settlement);
      return false;
    });
    if (goesOn) onward.push(change);
  }
  return onward;
}

/** The change's run, started or walked on as far as it goes now. */
async function advanceRun(m: EntityManager, scope: GateScope, change: SyncPendingChange): Promise<SyncFlowRun> {
  const existing = await m.findOne(SyncFlowRun, {
    where: { pendingChangeId: change.id },
    lock: { mode: 'pessimistic_write' },
  });
  if (!existing) {
    const trigger = scope.graph.nodes.find((n) => n.kind === 'trigger');
    const started = await m.save(
      m.create(SyncFlowRun, {
        tenantId: change.tenantId,
        integrationId: scope.integrationId,
        flowKey: scope.flowKey,
        flowVersion: scope.flowVersion,
        pendingChangeId: change.id,
        entity: change.entity,
        sourceKey: change.sourceKey,
        state: 'running',
        currentNode: trigger?.id ?? '',
        deadline: null,
        waitingFor: null,
        action: null,
        message: null,
        finishedAt: null,
      }),
    );
    return new GraphWalk(m, started, scope.graph, change.source).walk();
  }
  if (!PARKED_RUN_STATES.includes(existing.state)) return existing;
  const resume = await dueResume(m, existing);
  return resume ? new GraphWalk(m, existing, scope.graph, change.source).walk(resume) : existing;
}

/** A parked run whose deadline passed takes its timeout edge; a wait whose event was seen, its event edge. */
async function dueResume(m: EntityManager, run: SyncFlowRun): Promise<Resume | undefined> {
  if (run.state === 'waiting' && run.waitingFor) {
    const [kind, subject] = splitWaitingFor(run.waitingFor);
    const seen = await m.findOne(SyncFlowEvent, { where: { integrationId: run.integrationId, kind, subject } });
    if (seen) return { label: 'event', output: { seenAt: seen.createdAt.toISOString(), detail: seen.detail } };
  }
  if (run.deadline && run.deadline.getTime() <= Date.now()) {
    return { label: 'timeout', output: { deadline: run.deadline.toISOString() } };
  }
  return undefined;
}

/** 'x3:delivery-validated:SO0042' → ['x3:delivery-validated', 'SO0042'] (the kind holds one ':'). */
export function splitWaitingFor(waitingFor: string): [string, string] {
  const at = waitingFor.indexOf(':', waitingFor.indexOf(':') + 1);
  return [waitingFor.slice(0, at), waitingFor.slice(at + 1)];
}

function settlementOf(run: SyncFlowRun): Settlement | undefined {
  const note = `flow run ${run.id} at node '${run.currentNode}'`;
  switch (run.state) {
    case 'completed':
      if (run.action !== 'flag') return undefined;
      return { kind: 'done', outcome: { action: 'flagged', messages: [`${note}: flagged for review`] } };
    case 'ended':
      return { kind: 'done', outcome: { action: 'skipped', messages: [`${note}: no edge leads on`] } };
    case 'failed':
      return {
        kind: 'dead',
        outcome: { messages: [`${note}: ${run.message ?? 'failed'}`] },
        error: run.message ?? 'failed',
      };
    case 'waiting':
    case 'awaiting-approval':
      // the deadline is the timer: the drain comes back then (continueIfMore queues it, delayed)
      return run.deadline
        ? { kind: 'release', delayMs: Math.max(0, run.deadline.getTime() - Date.now()) }
        : { kind: 'waiting', waitingOn: runWaitKey(run.id) };
    case 'running':
      return { kind: 'dead', outcome: { messages: [`${note}: the walk stopped`] }, error: 'the walk stopped' };
  }
}
