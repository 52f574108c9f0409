// What a change read from Xero writes to X3: the fields of the mapped payload that differ from
// the X3 record now, minus those a both-ways flow's conflict rules keep on X3's side. Pure.
import { diffPayloads } from '#lb/mapping';
import type { ConflictRule, FlowOptions } from '../flows/flow-document';

type Row = Record<string, unknown>;

export type WritePlan =
  | { kind: 'create'; data: Row }
  | { kind: 'update'; data: Row; fields: string[]; kept: string[] }
  /** Nothing to write: X3 already holds it (an echo), or every differing field stays X3's. */
  | { kind: 'unchanged'; kept: string[] };

export interface MergeInput {
  /** The X3 payload the xero-to-x3 mapping made of the Xero record. */
  payload: Row;
  /** The X3 record as it is now; undefined when X3 has none (a create). */
  current: Row | undefined;
  /** Both-ways flows only: X3's record differs from the snapshot last synced, so both sides changed. */
  x3ChangedSinceSync: boolean;
  /**
   * Both-ways flows: the X3 record as last synced, when known. It tells each side's own edits apart:
   * a field only X3 edited stays X3's, one only Xero edited goes to X3, and only a field both edited
   * meets the conflict rule. Unknown: every differing field meets it.
   */
  base?: Row;
  bothWays: boolean;
  options: Pick<FlowOptions, 'conflictRules' | 'defaultConflictRule'>;
  /** The two sides' update stamps (Xero UpdatedDateUTC, X3 _updateStamp), ISO instants. */
  xeroUpdatedAt?: string;
  x3UpdatedAt?: string;
  /** X3 payload field → canonical field, so rules can name either ('companyName' or 'name'). */
  canonicalNames?: Record<string, string>;
}

/** When a flow names no rule for a field both sides changed. */
export const FALLBACK_CONFLICT_RULE: ConflictRule = 'newest-wins';

/** X3's current values of the payload's fields only (X3 fills many the mapping never sends). */
function projectOnto(current: unknown, shape: unknown): unknown {
  if (Array.isArray(shape)) {
    const list = Array.isArray(current) ? (current as unknown[]) : [];
    return shape.map((item, i) => projectOnto(list[i], item));
  }
  if (shape && typeof shape === 'object') {
    const source = current && typeof current === 'object' && !Array.isArray(current) ? (current as Row) : {};
    // A reference X3 answers as an object ({ code }) and the payload sends as its code.
    return Object.fromEntries(Object.keys(shape).map((k) => [k, projectOnto(source[k], (shape as Row)[k])]));
  }
  if (current && typeof current === 'object' && !Array.isArray(current)) {
    const ref = current as Row;
    return ref.code ?? ref._id ?? current;
  }
  return current instanceof Date ? current.toISOString() : current;
}

/** The top-level payload fields whose value differs from X3's. */
export function changedFields(current: Row, payload: Row): string[] {
  const plain = JSON.parse(JSON.stringify(payload)) as Row;
  const changes = diffPayloads(projectOnto(current, plain), plain).filter(
    // X3 not answering a field it holds empty is not a change to an empty one
    (c) => !(c.before === undefined && (c.after === '' || c.after === null)),
  );
  return [...new Set(changes.map((c) => /^[^.[]+/.exec(c.path)?.[0] ?? c.path))];
}

/** The top-level payload fields whose X3 value now differs from the snapshot's (X3's own edits). */
export function x3EditedFields(snapshot: Row, current: Row, payload: Row): string[] {
  const shape = JSON.parse(JSON.stringify(payload)) as Row;
  return changedFields(snapshot, projectOnto(current, shape) as Row);
}

function ruleFor(field: string, input: MergeInput): ConflictRule {
  const rules = input.options.conflictRules ?? {};
  const canonical = input.canonicalNames?.[field];
  return (
    rules[field] ??
    (canonical ? rules[canonical] : undefined) ??
    input.options.defaultConflictRule ??
    FALLBACK_CONFLICT_RULE
  );
}

const instant = (value: string | undefined) => (value ? Date.parse(value) : Number.NaN);

/** Whether Xero's value of a field changed on both sides goes to X3. */
function xeroWins(field: string, input: MergeInput, edits?: { x3: string[]; xero: string[] }): boolean {
  if (!input.bothWays || !input.x3ChangedSinceSync) return true;
  if (edits) {
    if (!edits.xero.includes(field)) return false; // Xero still holds the synced value: X3's edit
    if (!edits.x3.includes(field)) return true;
  }
  switch (ruleFor(field, input)) {
    case 'xero-wins':
      return true;
    case 'x3-wins':
      return false;
    case 'newest-wins': {
      const xero = instant(input.xeroUpdatedAt);
      const x3 = instant(input.x3UpdatedAt);
      // an unknown stamp never beats a known one; both unknown: the change in hand (Xero's) wins
      if (Number.isNaN(xero)) return Number.isNaN(x3);
      return Number.isNaN(x3) || xero > x3;
    }
  }
}

export function planWrite(input: MergeInput): WritePlan {
  if (!input.current) return { kind: 'create', data: input.payload };
  const differing = changedFields(input.current, input.payload);
  const edits = input.base && {
    x3: x3EditedFields(input.base, input.current, input.payload),
    xero: changedFields(input.base, input.payload),
  };
  const fields = differing.filter((f) => xeroWins(f, input, edits));
  const kept = differing.filter((f) => !fields.includes(f));
  if (!fields.length) return { kind: 'unchanged', kept };
  return { kind: 'update', data: Object.fromEntries(fields.map((f) => [f, input.payload[f]])), fields, kept };
}
