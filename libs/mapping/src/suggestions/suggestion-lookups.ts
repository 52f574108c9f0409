// Where an accepted pair goes: which mapping (entity, direction), which lookup table, and the
// entry's key and value, in the starter templates' table shapes (templates/lookup-tables.ts).
import type { CanonicalEntity } from '../canonical';
import type { MappingDirection } from '../adapters/adapter-contract';
import type { LookupTable } from '../engine/mapping-document';
import type { SuggestionKind, SuggestionScope } from './suggestion-types';

export interface LookupTarget {
  entity: CanonicalEntity;
  table: string;
  kind: LookupTable['kind'];
  keyFields: string[];
  key: (source: string) => string[];
  value: (target: string) => Record<string, string>;
}

const WILDCARD = '*';

const TARGETS: Record<string, LookupTarget> = {
  'accounts/journal/x3-to-xero': {
    entity: 'journal',
    table: 'journal-account',
    kind: 'gl-account',
    keyFields: ['account'],
    key: (s) => [s],
    value: (t) => ({ accountCode: t }),
  },
  // the starter keys tax codes with any rule ('*'): codes are per legislation
  'taxes/sales/x3-to-xero': {
    entity: 'invoice',
    table: 'sales-tax-type',
    kind: 'tax-type',
    keyFields: ['taxRule', 'taxCode'],
    key: (s) => [WILDCARD, s],
    value: (t) => ({ taxType: t }),
  },
  'taxes/purchase/x3-to-xero': {
    entity: 'bill',
    table: 'purchase-tax-type',
    kind: 'tax-type',
    keyFields: ['taxRule', 'taxCode'],
    key: (s) => [WILDCARD, s],
    value: (t) => ({ taxType: t }),
  },
  'taxes/purchase/xero-to-x3': {
    entity: 'bill',
    table: 'x3-purchase-tax-code',
    kind: 'custom',
    keyFields: ['taxType'],
    key: (s) => [s],
    value: (t) => ({ taxCode: t }),
  },
};

export function lookupTargetOf(
  kind: SuggestionKind,
  scope: SuggestionScope,
  direction: MappingDirection,
): LookupTarget | undefined {
  return TARGETS[`${kind}/${scope}/${direction}`];
}

/** The scopes a kind has in a direction (none: not offered that way); fields are scoped by entity. */
export function scopesOf(kind: SuggestionKind, direction: MappingDirection): SuggestionScope[] {
  return (['journal', 'sales', 'purchase'] as const).filter((s) => lookupTargetOf(kind, s, direction));
}

/** Where an accepted pair is written: a lookup table of a mapping, or (fields) the mapping's field list. */
export function writesTo(
  kind: SuggestionKind,
  scope: SuggestionScope,
  direction: MappingDirection,
): { entity: CanonicalEntity; table?: string } {
  if (kind === 'fields') return { entity: scope as CanonicalEntity };
  const t = lookupTargetOf(kind, scope, direction)!;
  return { entity: t.entity, table: t.table };
}

export class LookupShapeError extends Error {}

/**
 * The document with a copy of the source field added (mode 'default': it fills the target only
 * where the adapter left it empty). A target the document already maps is the user's: refused.
 */
export function withField(document: Record<string, unknown>, source: string, target: string): Record<string, unknown> {
  const fields = Array.isArray(document.fields) ? (document.fields as Array<{ target?: unknown }>) : [];
  if (fields.some((f) => f?.target === target))
    throw new LookupShapeError(`The mapping already maps ${target}; edit that field by hand`);
  return {
    ...document,
    fields: [...fields, { target, source: { kind: 'copy', from: source, origin: 'source' }, mode: 'default' }],
  };
}

/** The document with the entry set in its table (added when missing; same key replaced). */
export function withEntry(
  document: Record<string, unknown>,
  target: LookupTarget,
  source: string,
  value: string,
): Record<string, unknown> {
  const lookups = Array.isArray(document.lookups) ? (document.lookups as LookupTable[]) : [];
  const existing = lookups.find((l) => l?.name === target.table);
  if (existing && JSON.stringify(existing.keyFields) !== JSON.stringify(target.keyFields)) {
    throw new LookupShapeError(
      `Lookup table ${target.table} is keyed by ${existing.keyFields.join(', ')}, not ${target.keyFields.join(', ')}: edit it by hand`,
    );
  }
  const key = target.key(source);
  const entry = { key, value: target.value(value) };
  const table: LookupTable = existing
    ? {
        ...existing,
        entries: [...existing.entries.filter((e) => JSON.stringify(e.key) !== JSON.stringify(key)), entry],
      }
    : { name: target.table, kind: target.kind, keyFields: target.keyFields, entries: [entry] };
  return {
    ...document,
    lookups: existing ? lookups.map((l) => (l === existing ? table : l)) : [...lookups, table],
  };
}
