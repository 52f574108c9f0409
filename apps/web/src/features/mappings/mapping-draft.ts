// The mapping document as the studio edits it (the engine's schema 1, docs/connectors/mapping-engine.md),
// and the pure edits and path helpers the screens share. The api checks every draft; these only shape it.

export type ValueSource =
  | { kind: 'copy'; from: string; origin?: 'canonical' | 'source' }
  | { kind: 'constant'; value: unknown }
  | { kind: 'lookup'; table: string; key: string[]; field?: string }
  | { kind: 'expression'; expression: string };

export interface FieldMapping {
  target: string;
  source: ValueSource;
  mode?: 'set' | 'default';
  required?: boolean;
  note?: string;
}

export interface LookupEntry {
  key: string[];
  value: Record<string, string>;
}

export interface LookupTable {
  name: string;
  kind: string;
  keyFields: string[];
  entries: LookupEntry[];
  ignoreCase?: boolean;
}

export interface StatusMap {
  from?: string;
  target?: string;
  entries: Record<string, string>;
  otherwise?: string;
}

export interface MappingDoc {
  schema: number;
  entity: string;
  direction: string;
  fields?: FieldMapping[];
  lookups?: LookupTable[];
  statusMap?: StatusMap;
  [other: string]: unknown;
}

/** The value fields each lookup kind carries (custom: whatever its entries have). */
export const LOOKUP_VALUE_FIELDS: Record<string, string[]> = {
  'gl-account': ['accountCode'],
  'tax-type': ['taxType'],
  site: ['value'],
  tracking: ['name', 'option'],
  'bank-account': ['accountCode'],
};

export const XERO_STATUSES = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'VOIDED', 'DELETED', 'skip'] as const;

/** Sets (or replaces) the mapping of one target; the order of the others is kept. */
export function withField(doc: MappingDoc, field: FieldMapping): MappingDoc {
  const fields = [...(doc.fields ?? [])];
  const at = fields.findIndex((f) => f.target === field.target);
  if (at >= 0) fields[at] = field;
  else fields.push(field);
  return { ...doc, fields };
}

export function withoutField(doc: MappingDoc, target: string): MappingDoc {
  return { ...doc, fields: (doc.fields ?? []).filter((f) => f.target !== target) };
}

export function withLookup(doc: MappingDoc, table: LookupTable): MappingDoc {
  const lookups = (doc.lookups ?? []).map((t) => (t.name === table.name ? table : t));
  return { ...doc, lookups };
}

/**
 * Every leaf path of a record in the engine's path syntax: `name`, `address.city`, and for an
 * array of objects `lines[].productKey` (a line mapping's own line), for other arrays `tags[0]`.
 */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    const objects = value.filter(
      (v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v),
    );
    if (objects.length) {
      const merged: Record<string, unknown> = {};
      for (const o of objects) Object.assign(merged, o);
      return leafPaths(merged, `${prefix}[]`);
    }
    return value.length ? value.map((v, i) => leafPaths(v, `${prefix}[${i}]`)).flat() : [prefix];
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) return prefix ? [prefix] : [];
    return entries.flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  return prefix ? [prefix] : [];
}

/** The value at a path (`[]` reads line `line`, default the first). */
export function valueAt(record: unknown, path: string, line = 0): unknown {
  let here: unknown = record;
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d*\])*)$/.exec(part);
    if (!m) return undefined;
    if (m[1]) here = here && typeof here === 'object' ? (here as Record<string, unknown>)[m[1]] : undefined;
    for (const idx of m[2].match(/\[(\d*)\]/g) ?? []) {
      const n = idx === '[]' ? line : Number(idx.slice(1, -1));
      here = Array.isArray(here) ? here[n] : undefined;
    }
  }
  return here;
}

/** How a value reads in a table cell: text as it is, anything else as JSON, nothing as an em dash. */
export function shown(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** One line of text saying where a field's value comes from. */
export function describeSource(source: ValueSource): string {
  switch (source.kind) {
    case 'copy':
      return source.origin === 'source' ? `X3 field ${source.from}` : source.from;
    case 'constant':
      return source.value === null ? 'removed' : `constant ${JSON.stringify(source.value)}`;
    case 'lookup':
      return `lookup ${source.table}(${source.key.join(', ')})${source.field ? `.${source.field}` : ''}`;
    case 'expression':
      return source.expression;
  }
}
