import type { CanonicalEntity } from '../canonical';
import type { FieldChange } from '../engine/diff/payload-diff';

/** One reason a mapped record would be refused before any write: the record, the field and the rule. */
export interface RecordIssue {
  field: string;
  rule: string;
  message: string;
}

/** What mapping one source record gave, before the target is consulted. */
export type MapOutcome =
  | { kind: 'mapped'; payload: Record<string, unknown>; canonical?: Record<string, unknown> }
  | { kind: 'invalid'; issues: RecordIssue[] }
  | { kind: 'waiting'; missing: Array<{ table: string; key: string[] }> }
  | { kind: 'skipped'; reason: string };

/** Maps source records of one entity with one mapping version (the engine and adapters behind it). */
export interface RecordMapper {
  map(source: Record<string, unknown>): Promise<MapOutcome>;
}

export type DryRunAction = 'create' | 'update' | 'skip' | 'invalid' | 'waiting';

export interface DryRunRecord {
  /** The source record's key (X3 _id). */
  sourceKey: string;
  action: DryRunAction;
  /** Why a record is skipped: unchanged, the mapping's filter or status map. */
  reason?: string;
  /** The target's id when a record would be updated or is unchanged. */
  targetId?: string;
  /** What the target record would become (create and update). */
  payload?: Record<string, unknown>;
  /** The canonical record the mapping read (x3-to-xero): what the studio lists as source fields. */
  canonical?: Record<string, unknown>;
  /** Update: the fields that would change against the target's current state. */
  changes?: FieldChange[];
  issues?: RecordIssue[];
  missing?: Array<{ table: string; key: string[] }>;
}

export interface DryRunCounts {
  create: number;
  update: number;
  skip: number;
  invalid: number;
  waiting: number;
}

export interface DryRunResult {
  entity: CanonicalEntity;
  version: number;
  /** Set when an unsaved document ran (version is then the stored one it was based on). */
  draft?: boolean;
  /** Source records read. */
  read: number;
  counts: DryRunCounts;
  records: DryRunRecord[];
}

/**
 * Why a resync leaves a target alone. In Xero: paid, voided, locked (dated on or before a lock
 * date). In X3: paid, posted (validated into the ledger; a payment is never changed), closed.
 */
export type ResyncSkipReason = 'paid' | 'voided' | 'locked' | 'posted' | 'closed';

export const RESYNC_SKIP_REASONS: readonly ResyncSkipReason[] = ['paid', 'voided', 'locked', 'posted', 'closed'];

/** A target record (Xero or X3) a resync would leave alone, and why. */
export interface ResyncSkip {
  sourceKey: string;
  targetId: string;
  reason: ResyncSkipReason;
  detail: string;
}

export interface ResyncPreview {
  entity: CanonicalEntity;
  version: number;
  read: number;
  /** Records the new version would change in the target (Xero, or X3 for xero-to-x3). */
  wouldUpdate: DryRunRecord[];
  /** Paid, voided or lock-dated Xero documents; posted, paid or closed X3 records: it would not touch them. */
  wouldSkip: ResyncSkip[];
  /** Unchanged, invalid, waiting or new records: not part of a resync. */
  unaffected: DryRunCounts;
}
