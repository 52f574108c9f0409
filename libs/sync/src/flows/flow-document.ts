// A flow as the designer edits it and the engine runs it: one entity, a direction, what starts it,
// ordered steps and options. Stored as an immutable, versioned JSON document (sync_flow_versions).
import type { CanonicalEntity, MappingDirection } from '#lb/mapping';
import { FlowGraph, graphSteps } from './flow-graph';

/** One way, or both ways (customers and suppliers) with a conflict rule per field. */
export type FlowDirection = MappingDirection | 'both-ways';

export type FlowTrigger =
  /** A Bull repeatable job (Xero If-Modified-Since polling, periodic comparison). */
  | { kind: 'schedule'; everySeconds: number }
  /** Xero webhook events from the inbox. */
  | { kind: 'webhook' }
  /** X3 polling on _updateStamp at the flow's own interval. */
  | { kind: 'x3-poll'; everySeconds: number }
  /** Only "run now" (and the X3 nudge endpoint). */
  | { kind: 'manual' };

/** Which mapping version a transform runs: a pinned number, or whichever is active at run time. */
export interface MappingVersionRef {
  direction: MappingDirection;
  version: number | 'active';
}

/** What a flow finally does with a record that passed its conditions. */
export type FlowAction =
  /** Create or update the target (the cross-reference decides which, or skips it). */
  | 'upsert'
  /** Create only: a record already linked is left alone. */
  | 'create-only'
  /** Write nothing: list the change for review. */
  | 'flag';

export type FlowStep =
  | { kind: 'transform'; mapping: MappingVersionRef }
  /** A JSONata expression on the canonical record; the record goes on only when it is true. */
  | { kind: 'condition'; expression: string }
  | { kind: 'action'; action: FlowAction };

export type ConflictRule = 'x3-wins' | 'xero-wins' | 'newest-wins';

export interface FlowOptions {
  /** Both-ways flows: the rule for a field changed on both sides (canonical field path → rule). */
  conflictRules?: Record<string, ConflictRule>;
  /** The rule for fields not listed; both-ways flows only. */
  defaultConflictRule?: ConflictRule;
  /** Documents dated before this day (YYYY-MM-DD) are never posted. */
  cutOverDate?: string;
  /** A deletion on the source side: listed ('flag', the default) or voided once approved. */
  deletions?: 'flag' | 'void-with-approval';
  /** X3 business partners / products shared by the folder: those selected besides the ones the company's documents use. */
  x3Scope?: { categories?: string[]; currencies?: string[]; sites?: string[] };
  /**
   * Orders flows (entity salesOrder) only: when the Xero draft is raised — on the order's entry (one
   * draft per order, the default) or on its shipment (one per validated delivery, for its quantities).
   */
  draftOn?: 'entry' | 'shipment';
}

export interface FlowDocument {
  entity: CanonicalEntity;
  direction: FlowDirection;
  trigger: FlowTrigger;
  /** A graph flow keeps `steps` empty: its steps are the graph's nodes. */
  steps: FlowStep[];
  options: FlowOptions;
  enabled: boolean;
  /** The designer's graph (x3-to-xero flows): each record walks it as a persisted run (flow-runs/). */
  graph?: FlowGraph;
}

/** The linear steps the drain reads: the document's own, or what its graph amounts to. */
export function stepsOf(document: FlowDocument): FlowStep[] {
  return document.graph ? graphSteps(document.graph) : document.steps;
}
