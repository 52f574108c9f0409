// An approved add-mapping fix: the lookup entry a record waits for, added with the value the admin
// gives as a new version of the mapping (validated like any save, audited as the admin's), in the
// approval's transaction. Making it active releases the changes that waited for it (the mapping's
// activation hook), so the record goes on through the sync and the next run finds it equal.
import { EntityManager } from 'typeorm';
import {
  Actor,
  CanonicalEntity,
  InvalidMappingError,
  LOOKUP_VALUE_FIELDS,
  LookupTable,
  MappingConflictError,
  MappingDocument,
  MappingNotFoundError,
  MappingVersions,
} from '#lb/mapping';
import type { ReconDifference } from '../runs/recon-difference.entity';
import { FixInputError, FixNotAutomaticError } from './fix-errors';

/** A value field's value (what Xero names an account, tax type or tracking option by): 1 to 100 characters, none a control character. */
const isValueText = (v: string) =>
  v.length >= 1 && v.length <= 100 && [...v].every((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f);

const sameKey = (a: string[], b: string[]) => a.length === b.length && a.every((part, i) => part === b[i]);

/** The entry's value as the table needs it: exactly its kind's fields (a custom table: any), each text. */
function checkedValue(table: LookupTable, value: Record<string, unknown>): Record<string, string> {
  const wanted = LOOKUP_VALUE_FIELDS[table.kind] ?? [];
  const given = Object.keys(value);
  const needs = wanted.length ? wanted.join(', ') : 'at least one value field';
  if (!given.length || (wanted.length && (given.length !== wanted.length || !wanted.every((f) => given.includes(f)))))
    throw new FixInputError(`the ${table.name} entry needs ${needs}; given: ${given.join(', ') || 'nothing'}`);
  const out: Record<string, string> = {};
  for (const field of given) {
    const v = value[field];
    if (typeof v !== 'string' || !isValueText(v.trim()))
      throw new FixInputError(`${field} must be text of 1 to 100 characters`);
    out[field] = v.trim();
  }
  return out;
}

/** The table the entry goes in: the one named, or for a GL account the mapping's account lookup. */
function tableFor(doc: MappingDocument, name: string | undefined): LookupTable | undefined {
  const lookups = doc.lookups ?? [];
  if (name) return lookups.find((t) => t.name === name);
  return lookups.find((t) => t.kind === 'gl-account' && t.keyFields.length === 1 && t.keyFields[0] === 'account');
}

export async function addMappingEntry(
  m: EntityManager,
  mappings: MappingVersions | undefined,
  integrationId: string,
  difference: ReconDifference,
  approval: { value?: Record<string, unknown>; by: Actor },
): Promise<void> {
  const entry = difference.fix.entry;
  if (!entry || !mappings)
    throw new FixNotAutomaticError(`${difference.fix.description}: add it on the mapping screen`);
  if (!approval.value)
    throw new FixInputError(
      `approving this fix needs the entry's value: ${entry.valueFields.join(', ') || 'its fields'}`,
    );
  const key = { integrationId, entity: entry.entity as CanonicalEntity, direction: entry.direction };
  const active = await mappings.activeIn(m, key).catch((e: unknown) => {
    if (e instanceof MappingNotFoundError)
      throw new FixNotAutomaticError(
        `the integration has no ${entry.entity} mapping (${entry.direction}) to add it to`,
      );
    throw e;
  });
  const doc = active.document as unknown as MappingDocument;
  const table = tableFor(doc, entry.table);
  if (!table)
    throw new FixNotAutomaticError(
      `the ${entry.entity} mapping has no ${entry.table ?? 'account'} lookup now: add the entry on the mapping screen`,
    );
  if (table.keyFields.length !== entry.key.length)
    throw new FixNotAutomaticError(
      `the ${table.name} lookup's key changed since the run: run the reconciliation again`,
    );
  const value = checkedValue(table, approval.value);
  // a key part the record left empty (an invoice without a tax rule) is keyed '*', which matches it
  const entryKey = entry.key.map((part) => part || '*');
  const added = { key: entryKey, value };
  // an entry of that key added meanwhile is replaced: the admin's value is the one approved
  const entries = table.entries.some((e) => sameKey(e.key, entryKey))
    ? table.entries.map((e) => (sameKey(e.key, entryKey) ? added : e))
    : [...table.entries, added];
  const document = { ...doc, lookups: doc.lookups.map((t) => (t === table ? { ...t, entries } : t)) };
  try {
    await mappings.saveIn(
      m,
      difference.tenantId,
      key,
      {
        document,
        basedOnVersion: active.version,
        comment: `${table.name}: ${entryKey.join(' / ')} → ${Object.values(value).join(' / ')} (reconciliation fix)`,
      },
      approval.by,
    );
  } catch (e) {
    if (e instanceof InvalidMappingError) throw new FixInputError(`the mapping refused the entry: ${e.message}`);
    if (e instanceof MappingConflictError) throw new FixNotAutomaticError(e.message);
    throw e;
  }
}
