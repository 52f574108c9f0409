// Walks one run through its flow version's graph from the node it is at, recording each step, until
// it parks (a wait or an approval), reaches an action (handed to the drain) or ends. Runs in the
// caller's tenant transaction; evaluates nothing outside PostgreSQL and the JSONata sandbox.
import { EntityManager } from 'typeorm';
import type { FlowEdgeLabel, FlowGraph, FlowNode } from '../flows/flow-graph';
import { SyncFlowEvent } from './flow-event.entity';
import { conditionOutcome, edgeTarget } from './graph-rules';
import { FlowRunState, SyncFlowRun } from './flow-run.entity';
import { FlowStepOutcome, SyncFlowRunStep } from './flow-run-step.entity';

/** How a parked node is left: the edge label it takes, and what decided it (for the step's output). */
export interface Resume {
  label: Extract<FlowEdgeLabel, 'event' | 'timeout' | 'approved' | 'rejected'>;
  output: Record<string, unknown>;
}

/** A graph without cycles has at most this many steps per walk; more means a bug, not a flow. */
const MAX_WALK = 200;

const keyOf = (v: unknown): string | undefined => {
  if (typeof v === 'string' && v) return v;
  const id = (v as { _id?: unknown } | null | undefined)?._id;
  return typeof id === 'string' && id ? id : undefined;
};

/** What a wait-for-event node waits for on this record: 'x3:delivery-validated:SO0042'. */
export function waitingForOf(node: FlowNode, record: Record<string, unknown> | null): string | undefined {
  if (node.kind !== 'wait-for-event' || !record) return undefined;
  const subject = keyOf(record[node.config.orderField ?? 'salesOrder']);
  return subject ? `${node.config.event}:${subject}` : undefined;
}

export class GraphWalk {
  private seq = 0;

  constructor(
    private readonly m: EntityManager,
    private readonly run: SyncFlowRun,
    private readonly graph: FlowGraph,
    private readonly record: Record<string, unknown> | null,
    private readonly now: Date = new Date(),
  ) {}

  /** Walks on; `resume` first closes the node the run is parked at. Saves and answers the run. */
  async walk(resume?: Resume): Promise<SyncFlowRun> {
    const last = await this.m
      .createQueryBuilder(SyncFlowRunStep, 's')
      .select('max(s.seq)', 'max')
      .where('s.run_id = :id', { id: this.run.id })
      .getRawOne<{ max: number | null }>();
    this.seq = last?.max ?? 0;
    let next: string | undefined = this.run.currentNode;
    if (resume) {
      await this.m.query(
        `UPDATE sync_flow_run_steps SET outcome = $3, output_summary = $4::jsonb, finished_at = $5
         WHERE run_id = $1 AND seq = $2`,
        [this.run.id, this.seq, resume.label, JSON.stringify(resume.output), this.now],
      );
      this.run.deadline = null;
      this.run.waitingFor = null;
      this.run.state = 'running';
      next = this.edge(this.run.currentNode, resume.label);
      if (!next) return this.finish('ended');
    }
    for (let i = 0; i < MAX_WALK && next; i++) {
      const node = this.graph.nodes.find((n) => n.id === next);
      if (!node) return this.fail(next, `node ${next} is not in the graph`);
      this.run.currentNode = node.id;
      const stepped = await this.step(node);
      if (stepped.done) return this.save();
      next = stepped.next;
      if (!next) return this.finish('ended');
    }
    return next ? this.fail(this.run.currentNode, 'the walk did not end') : this.finish('ended');
  }

  private async step(node: FlowNode): Promise<{ done: true } | { done: false; next?: string }> {
    switch (node.kind) {
      case 'trigger':
        await this.recordStep(node, 'next', { key: this.run.sourceKey }, {});
        return { done: false, next: this.edge(node.id, '') };
      case 'transform':
        // the drain maps the record with this mapping when the action hands it over
        await this.recordStep(node, 'next', { mapping: node.config.mapping }, {});
        return { done: false, next: this.edge(node.id, '') };
      case 'condition':
      case 'branch': {
        const input = { expression: node.config.expression };
        if (!this.record) return this.failStep(node, input, 'no record to evaluate (the change carries none)');
        let value: unknown;
        let label: 'true' | 'false';
        try {
          ({ value, label } = await conditionOutcome(node.config.expression, this.record));
        } catch (error) {
          return this.failStep(node, input, `the expression failed: ${(error as Error).message}`);
        }
        const next = this.edge(node.id, label);
        await this.recordStep(node, next ? label : 'end', input, {
          value: value === undefined ? null : value,
          took: label,
        });
        return { done: false, next };
      }
      case 'action':
        await this.recordStep(node, 'handed-over', { action: node.config.action }, {});
        this.run.action = node.config.action;
        this.finishFields('completed');
        return { done: true };
      case 'wait-for-event': {
        const waitingFor = waitingForOf(node, this.record);
        const input = { event: node.config.event, orderField: node.config.orderField ?? 'salesOrder' };
        if (!waitingFor) return this.failStep(node, input, `the record names no ${input.orderField} to wait for`);
        const [kind, subject] = [node.config.event, waitingFor.slice(node.config.event.length + 1)];
        const seen = await this.m.findOne(SyncFlowEvent, {
          where: { integrationId: this.run.integrationId, kind, subject },
        });
        if (seen) {
          await this.recordStep(node, 'event', { ...input, waitingFor }, { seenAt: seen.createdAt.toISOString() });
          return { done: false, next: this.edge(node.id, 'event') };
        }
        this.park(node, 'waiting', node.config.timeoutSeconds, waitingFor);
        await this.recordStep(node, 'parked', { ...input, waitingFor }, {}, true);
        return { done: true };
      }
      case 'approval':
        this.park(node, 'awaiting-approval', node.config.timeoutSeconds, null);
        await this.recordStep(node, 'parked', { role: node.config.role }, {}, true);
        return { done: true };
    }
  }

  private park(node: FlowNode, state: FlowRunState, timeoutSeconds: number | undefined, waitingFor: string | null) {
    this.run.state = state;
    this.run.currentNode = node.id;
    this.run.waitingFor = waitingFor;
    this.run.deadline = timeoutSeconds ? new Date(this.now.getTime() + timeoutSeconds * 1000) : null;
  }

  private edge(from: string, label: string): string | undefined {
    return edgeTarget(this.graph, from, label);
  }

  private async recordStep(
    node: FlowNode,
    outcome: FlowStepOutcome,
    input: Record<string, unknown>,
    output: Record<string, unknown>,
    open = false,
  ): Promise<void> {
    this.seq++;
    await this.m.save(
      this.m.create(SyncFlowRunStep, {
        tenantId: this.run.tenantId,
        runId: this.run.id,
        seq: this.seq,
        nodeId: node.id,
        nodeKind: node.kind,
        outcome,
        inputSummary: input,
        outputSummary: output,
        startedAt: this.now,
        finishedAt: open ? null : this.now,
      }),
    );
  }

  private async failStep(node: FlowNode, input: Record<string, unknown>, message: string): Promise<{ done: true }> {
    await this.recordStep(node, 'error', input, { message });
    this.run.message = message;
    this.finishFields('failed');
    return { done: true };
  }

  private async fail(nodeId: string, message: string): Promise<SyncFlowRun> {
    this.run.currentNode = nodeId;
    this.finishFields('failed');
    this.run.message = message;
    return this.save();
  }

  private finishFields(state: FlowRunState): void {
    this.run.state = state;
    this.run.deadline = null;
    this.run.waitingFor = null;
    this.run.finishedAt = this.now;
  }

  private finish(state: FlowRunState): Promise<SyncFlowRun> {
    this.finishFields(state);
    return this.save();
  }

  private save(): Promise<SyncFlowRun> {
    return this.m.save(this.run);
  }
}
