// What one drain run did, gathered in memory while it runs (AsyncLocalStorage, so concurrent runs
// in one worker keep apart) and written at its end in a few multi-row statements (trail-writer.ts):
// no round trip per record. PendingChanges.claim/settle and the mapping steps report here.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { PendingChangeOutcome } from '../pending/pending-change.entity';
import { maskSource } from '../operations/mask-source';
import type { RecordEventKind, RecordEventResponse } from './record-event.entity';
import { recordKeyOf } from './record-keys';

/** The fields of a pending change the trail needs. */
export interface TrailChange {
  id: string;
  flowKey: string;
  entity: string;
  direction: string;
  sourceKey: string;
  source: Record<string, unknown> | null;
}

export interface TrailEventRow {
  pendingChangeId: string;
  flowKey: string;
  entity: string;
  direction: string;
  sourceKey: string;
  recordKey: string;
  targetId: string | null;
  event: RecordEventKind;
  at: Date;
  before: unknown;
  after: unknown;
  response: RecordEventResponse | null;
}

/** A settlement as the trail sees it (pending-changes.service.ts Settlement, without the import cycle). */
export interface TrailSettlement {
  kind: string;
  outcome?: PendingChangeOutcome;
  waitingOn?: string;
  error?: string;
}

export interface RunCounts {
  claimed: number;
  created: number;
  updated: number;
  unchanged: number;
  dead: number;
  held: number;
  waiting: number;
}

const DONE_EVENTS: Partial<Record<NonNullable<PendingChangeOutcome['action']>, RecordEventKind>> = {
  unchanged: 'unchanged',
  matched: 'matched',
  skipped: 'skipped',
  flagged: 'skipped',
  'void-proposed': 'skipped',
};

export class RunTrail {
  readonly runId = randomUUID();
  readonly startedAt = new Date();
  readonly xero = { calls: 0 };
  readonly events: TrailEventRow[] = [];
  readonly counts: RunCounts = { claimed: 0, created: 0, updated: 0, unchanged: 0, dead: 0, held: 0, waiting: 0 };
  /** Dead letters settled in this run, their source masked at rest by the writer. */
  readonly deadSources = new Map<string, Record<string, unknown>>();
  /** Xero contacts in GDPRREQUEST status met in this run: their trail and payloads are purged. */
  readonly forgotten = new Set<string>();
  private readonly changes = new Map<string, TrailChange>();
  private readonly keys = new Map<string, string>();

  constructor(
    readonly tenantId: string,
    readonly integrationId: string,
    readonly flowKey: string,
  ) {}

  claimed(changes: TrailChange[]): void {
    for (const c of changes) {
      if (!this.changes.has(c.id)) this.counts.claimed++;
      this.changes.set(c.id, c);
      if (c.source) this.keys.set(c.id, recordKeyOf(c.direction, c.sourceKey, c.source));
    }
  }

  /** The record as read (`before`) and what goes to the target (`after`), both masked. */
  mapped(changeId: string, before: Record<string, unknown> | null, after: unknown): void {
    const c = this.changes.get(changeId);
    if (!c) return;
    if (before) this.keys.set(c.id, recordKeyOf(c.direction, c.sourceKey, before));
    this.push(c, 'mapped', null, null, before, after);
  }

  settled(changeId: string, s: TrailSettlement): void {
    const c = this.changes.get(changeId);
    if (!c) return;
    const event = this.eventOf(s);
    if (!event) return;
    const o = s.outcome;
    const response: RecordEventResponse = {
      ...(o?.action ? { action: o.action } : {}),
      ...(o?.targetId ? { targetId: o.targetId } : {}),
      ...(o?.messages?.length ? { messages: o.messages } : {}),
      ...(o?.proposal ? { proposal: o.proposal } : {}),
      ...(s.waitingOn ? { waitingOn: s.waitingOn } : {}),
      ...(s.error ? { error: s.error.slice(0, 2000) } : {}),
    };
    this.push(c, event, o?.targetId ?? null, Object.keys(response).length ? response : null);
    if (event === 'dead' && c.source) this.deadSources.set(c.id, c.source);
  }

  /** The run's direction: its changes', or both-ways when a both-ways claim carried both. */
  direction(): string {
    const all = new Set([...this.changes.values()].map((c) => c.direction));
    return all.size === 1 ? [...all][0] : all.size ? 'both-ways' : 'x3-to-xero';
  }

  /** A Xero contact in GDPRREQUEST: nothing of it is kept (trail-retention.ts purges what was). */
  forget(sourceKey: string): void {
    this.forgotten.add(sourceKey);
  }

  /** Events to write: the forgotten records' are dropped. */
  rows(): TrailEventRow[] {
    // every event of a change carries its best key (a re-read source names it after the claim)
    const keyed = this.events.map((e) => ({ ...e, recordKey: this.keys.get(e.pendingChangeId) ?? e.recordKey }));
    if (!this.forgotten.size) return keyed;
    return keyed.filter((e) => !this.forgotten.has(e.sourceKey) && !this.forgotten.has(e.targetId ?? ''));
  }

  private eventOf(s: TrailSettlement): RecordEventKind | null {
    switch (s.kind) {
      case 'done': {
        const action = s.outcome?.action;
        if (action === 'created') this.counts.created++;
        else if (action === 'updated') this.counts.updated++;
        else if (action === 'unchanged') this.counts.unchanged++;
        return (action && DONE_EVENTS[action]) ?? 'written';
      }
      case 'dead':
        this.counts.dead++;
        return 'dead';
      case 'held':
        this.counts.held++;
        return 'held';
      case 'waiting':
        this.counts.waiting++;
        return 'waiting';
      case 'retry':
        return 'retried';
      default:
        return null; // release / defer: not attempted, or tried again in this same line
    }
  }

  private push(
    c: TrailChange,
    event: RecordEventKind,
    targetId: string | null,
    response: RecordEventResponse | null,
    before: unknown = null,
    after: unknown = null,
  ): void {
    this.events.push({
      pendingChangeId: c.id,
      flowKey: c.flowKey,
      entity: c.entity,
      direction: c.direction,
      sourceKey: c.sourceKey,
      recordKey: this.keys.get(c.id) ?? recordKeyOf(c.direction, c.sourceKey, c.source),
      targetId,
      event,
      at: new Date(),
      before: before === null ? null : maskSource(before),
      after: after === null ? null : maskSource(after),
      response,
    });
  }
}

const trails = new AsyncLocalStorage<RunTrail>();

/** Runs a drain with its trail; every claim, mapping and settlement inside reports to it. */
export function withRunTrail<T>(trail: RunTrail, work: () => Promise<T>): Promise<T> {
  return trails.run(trail, work);
}

/** The current run's trail, if the caller runs inside one (intake and API calls do not). */
export function currentTrail(): RunTrail | undefined {
  return trails.getStore();
}
