// Diff of two mapping document versions, for version history: field mappings matched by their
// target, lookup tables by name and their entries by key, status-map entries by source code;
// everything else compared as a whole section. Paths read like
// `fields[lineItems[].accountCode]`, `lookups[sales-accounts].entries[GOODS|FRA]`, `statusMap.entries[3]`.
import type { FieldMapping, LookupTable, MappingDocument } from '../mapping-document';

export interface DocumentChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with sorted keys, so key order does not count as a change. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

function compareKeyed<T>(
  path: string,
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
  changes: DocumentChange[],
  nested?: (path: string, a: T, b: T) => void,
): void {
  for (const [key, value] of before) {
    const next = after.get(key);
    if (next === undefined) changes.push({ path: `${path}[${key}]`, kind: 'removed', before: value });
    else if (nested) nested(`${path}[${key}]`, value, next);
    else if (!same(value, next)) changes.push({ path: `${path}[${key}]`, kind: 'changed', before: value, after: next });
  }
  for (const [key, value] of after) {
    if (!before.has(key)) changes.push({ path: `${path}[${key}]`, kind: 'added', after: value });
  }
}

function compareWhole(path: string, before: unknown, after: unknown, changes: DocumentChange[]): void {
  if (same(before, after)) return;
  if (before === undefined) changes.push({ path, kind: 'added', after });
  else if (after === undefined) changes.push({ path, kind: 'removed', before });
  else changes.push({ path, kind: 'changed', before, after });
}

/** Field mappings keyed by target; a second mapping of the same target gets `#2`. */
function fieldsByTarget(fields: readonly FieldMapping[]): Map<string, FieldMapping> {
  const keyed = new Map<string, FieldMapping>();
  for (const field of fields) {
    let key = field.target;
    for (let n = 2; keyed.has(key); n++) key = `${field.target}#${n}`;
    keyed.set(key, field);
  }
  return keyed;
}

function entriesByKey(table: LookupTable): Map<string, Record<string, string>> {
  return new Map(table.entries.map((entry) => [entry.key.join('|'), entry.value]));
}

export function diffMappingDocuments(before: MappingDocument, after: MappingDocument): DocumentChange[] {
  const changes: DocumentChange[] = [];
  for (const key of ['schema', 'entity', 'direction', 'description'] as const) {
    compareWhole(key, before[key], after[key], changes);
  }
  compareKeyed('fields', fieldsByTarget(before.fields), fieldsByTarget(after.fields), changes);
  const tables = (doc: MappingDocument) => new Map(doc.lookups.map((table) => [table.name, table]));
  compareKeyed('lookups', tables(before), tables(after), changes, (path, a, b) => {
    const { entries: _a, ...shapeA } = a;
    const { entries: _b, ...shapeB } = b;
    compareWhole(path, shapeA, shapeB, changes);
    compareKeyed(`${path}.entries`, entriesByKey(a), entriesByKey(b), changes);
  });
  const statusEntries = (doc: MappingDocument) => new Map(Object.entries(doc.statusMap?.entries ?? {}));
  compareKeyed('statusMap.entries', statusEntries(before), statusEntries(after), changes);
  const statusRest = (doc: MappingDocument) =>
    doc.statusMap && { from: doc.statusMap.from, target: doc.statusMap.target, otherwise: doc.statusMap.otherwise };
  compareWhole('statusMap', statusRest(before), statusRest(after), changes);
  compareWhole('defaults', before.defaults, after.defaults, changes);
  compareWhole('options', before.options, after.options, changes);
  return changes;
}
