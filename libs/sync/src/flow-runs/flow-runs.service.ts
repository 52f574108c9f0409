// Flow runs for people: a flow's runs with their steps, one run, and the approval a parked run
// waits for. Another tenant's run is simply not found (RLS).
import { EntityManager } from 'typeorm';
import { AuditTrail, RequestOrigin } from '#lb/accounts';
import { ROLES, Role, TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { JobProducer } from '#lb/queues';
import type { FlowDocument } from '../flows/flow-document';
import { SyncFlowVersion } from '../flows/flow-version.entity';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { FlowRunState, SyncFlowRun } from './flow-run.entity';
import { SyncFlowRunStep } from './flow-run-step.entity';
import { wakeRunChange } from './run-changes';
import { GraphWalk } from './walk-graph';

/** Runs listed per page, newest first. */
export const RUNS_PAGE = 100;

export interface FlowRunStepView {
  seq: number;
  nodeId: string;
  nodeKind: string;
  outcome: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  startedAt: string;
  finishedAt: string | null;
}

export interface FlowRunView {
  id: string;
  integrationId: string;
  flowKey: string;
  flowVersion: number;
  entity: string;
  sourceKey: string;
  state: FlowRunState;
  currentNode: string;
  deadline: string | null;
  waitingFor: string | null;
  action: string | null;
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
  steps: FlowRunStepView[];
}

export class FlowRunNotFoundError extends Error {
  constructor() {
    super('Flow run not found');
  }
}
/** The member's role is below the one the approval node names. */
export class FlowRunForbiddenError extends Error {}
/** The run is not (or no longer) waiting for an approval. */
export class FlowRunConflictError extends Error {}

/** viewer < admin < owner: a role approves what its own or any lower role may. */
const rank = (role: Role) => ROLES.length - ROLES.indexOf(role);

export interface Decision {
  decision: 'approved' | 'rejected';
  comment: string;
  member: { userId: string; role: Role };
  origin?: RequestOrigin;
}

export class FlowRuns {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditTrail,
    private readonly jobs: JobProducer,
  ) {}

  list(tenantId: string, integrationId: string, flowKey: string, state?: FlowRunState): Promise<FlowRunView[]> {
    return this.tx.run(tenantId, async (m) => {
      if (!(await m.exists(Integration, { where: { id: integrationId } }))) throw new FlowRunNotFoundError();
      const runs = await m.find(SyncFlowRun, {
        where: { integrationId, flowKey, ...(state ? { state } : {}) },
        order: { createdAt: 'DESC', id: 'DESC' },
        take: RUNS_PAGE,
      });
      return this.views(m, runs);
    });
  }

  get(tenantId: string, runId: string): Promise<FlowRunView> {
    return this.tx.run(tenantId, async (m) => {
      const run = await m.findOne(SyncFlowRun, { where: { id: runId } });
      if (!run) throw new FlowRunNotFoundError();
      return (await this.views(m, [run]))[0];
    });
  }

  /**
   * Approves or rejects a run parked at an approval node: by a member with the node's role or
   * higher, audited with the comment in the same transaction, and the run walks on (its change is
   * woken for the drain).
   */
  decide(tenantId: string, runId: string, d: Decision): Promise<FlowRunView> {
    return this.tx.run(tenantId, async (m) => {
      const run = await m.findOne(SyncFlowRun, { where: { id: runId }, lock: { mode: 'pessimistic_write' } });
      if (!run) throw new FlowRunNotFoundError();
      if (run.state !== 'awaiting-approval')
        throw new FlowRunConflictError(`The run is ${run.state}, not awaiting approval`);
      if (run.deadline && run.deadline.getTime() <= Date.now())
        throw new FlowRunConflictError('The approval timed out; the run takes its timeout edge');
      const version = await m.findOneOrFail(SyncFlowVersion, {
        where: { integrationId: run.integrationId, flowKey: run.flowKey, version: run.flowVersion },
      });
      const graph = (version.document as unknown as FlowDocument).graph;
      const node = graph?.nodes.find((n) => n.id === run.currentNode);
      if (!graph || node?.kind !== 'approval') throw new FlowRunConflictError('The run is not at an approval node');
      if (rank(d.member.role) < rank(node.config.role))
        throw new FlowRunForbiddenError(
          `Only a member with the role ${node.config.role} or higher may decide this run`,
        );
      const change = await m.findOne(SyncPendingChange, { where: { id: run.pendingChangeId } });
      const output = { by: d.member.userId, role: d.member.role, comment: d.comment };
      const walked = await new GraphWalk(m, run, graph, change?.source ?? null).walk({ label: d.decision, output });
      await this.audit.record(m, tenantId, {
        actor: { kind: 'user', id: d.member.userId },
        action: `flow.run.${d.decision}`,
        targetType: 'flow_run',
        targetId: run.id,
        details: {
          integrationId: run.integrationId,
          flowKey: run.flowKey,
          flowVersion: run.flowVersion,
          node: node.id,
          sourceKey: run.sourceKey,
          comment: d.comment,
          stateAfter: walked.state,
        },
        origin: d.origin,
      });
      await wakeRunChange(m, this.jobs, walked);
      return (await this.views(m, [walked]))[0];
    });
  }

  private async views(m: EntityManager, runs: SyncFlowRun[]): Promise<FlowRunView[]> {
    if (!runs.length) return [];
    const steps = await m
      .createQueryBuilder(SyncFlowRunStep, 's')
      .where('s.run_id IN (:...ids)', { ids: runs.map((r) => r.id) })
      .orderBy('s.seq', 'ASC')
      .getMany();
    return runs.map((r) => ({
      id: r.id,
      integrationId: r.integrationId,
      flowKey: r.flowKey,
      flowVersion: r.flowVersion,
      entity: r.entity,
      sourceKey: r.sourceKey,
      state: r.state,
      currentNode: r.currentNode,
      deadline: r.deadline?.toISOString() ?? null,
      waitingFor: r.waitingFor,
      action: r.action,
      message: r.message,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      steps: steps
        .filter((s) => s.runId === r.id)
        .map((s) => ({
          seq: s.seq,
          nodeId: s.nodeId,
          nodeKind: s.nodeKind,
          outcome: s.outcome,
          input: s.inputSummary,
          output: s.outputSummary,
          startedAt: s.startedAt.toISOString(),
          finishedAt: s.finishedAt?.toISOString() ?? null,
        })),
    }));
  }
}
