// A field-level difference between two JSON values, for version diffs and the dry run's
// "what would change in the target". Lists of objects that carry a unique `target` or `name`
// (field mappings, lookup tables) are matched by it, so inserting one mapping does not show every
// later one as changed; other lists compare by position.

export interface FieldChange {
  /** Dot/bracket path: `fields[target=contact.name].source.from`, `lineItems[0].taxAmount`. */
  path: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

const IDENTITY_KEYS = ['target', 'name'] as const;

/** A key every item of both lists carries as text, unique within each list. */
function identityKey(before: Json[], after: Json[]): string | undefined {
  const uniqueIn = (list: Json[], key: string) => {
    if (!list.every((item) => isObject(item) && typeof item[key] === 'string')) return false;
    const values = list.map((item) => (item as Record<string, string>)[key]);
    return new Set(values).size === values.length;
  };
  return IDENTITY_KEYS.find((key) => uniqueIn(before, key) && uniqueIn(after, key));
}

export function diffJson(before: Json, after: Json, path = ''): FieldChange[] {
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ path, change: 'added', after }];
  if (after === undefined) return [{ path, change: 'removed', before }];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffJson(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after)) return diffLists(before, after, path);
  return sameScalar(before, after) ? [] : [{ path, change: 'changed', before, after }];
}

function diffLists(before: Json[], after: Json[], path: string): FieldChange[] {
  const key = before.length && after.length ? identityKey(before, after) : undefined;
  if (key) {
    const byKey = (list: Json[]) => new Map(list.map((item) => [(item as Record<string, string>)[key], item]));
    const [b, a] = [byKey(before), byKey(after)];
    const ids = [...new Set([...b.keys(), ...a.keys()])];
    return ids.flatMap((id) => diffJson(b.get(id), a.get(id), `${path}[${key}=${id}]`));
  }
  const length = Math.max(before.length, after.length);
  return Array.from({ length }, (_, i) => diffJson(before[i], after[i], `${path}[${i}]`)).flat();
}

/**
 * Decimal text and a number compare by value ('12.50' equals 12.5): Xero answers numbers where we
 * send text. Two strings compare exactly ('0200' and '200' are different account codes).
 */
function sameScalar(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== 'number' && typeof b !== 'number') return false;
  const numeric = (v: Json) =>
    (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v));
  if (numeric(a) && numeric(b)) return normaliseDecimal(String(a)) === normaliseDecimal(String(b));
  return false;
}

function normaliseDecimal(text: string): string {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^-/, '').split('.');
  const digits = `${whole.replace(/^0+(?=\d)/, '')}${fraction.replace(/0+$/, '') ? `.${fraction.replace(/0+$/, '')}` : ''}`;
  return negative && digits !== '0' ? `-${digits}` : digits;
}
