// The content hash of a canonical snapshot: SHA-256 of a canonical JSON text (object keys sorted
// by code unit, no whitespace), so the same record hashes the same whatever order its fields were
// built in, on any process. Echo suppression and "unchanged costs no write" compare these hashes.
import { createHash } from 'node:crypto';

/** A value that cannot be part of a canonical snapshot (a float NaN, a Date, a Decimal …). */
export class UnhashableValueError extends Error {
  constructor(path: string, what: string) {
    super(`${path}: ${what} cannot be hashed; canonical records are plain JSON data`);
    this.name = 'UnhashableValueError';
  }
}

/**
 * Canonical JSON of plain data. A property whose value is undefined is the same as a missing one
 * (JSON has no undefined), null is kept; strings, decimal text included, are hashed exactly as
 * given ('1.50' is not '1.5': adapters emit amounts at the entity's scale, see money/), numbers
 * through JSON's shortest text. Class instances, functions, NaN and Infinity are refused, not
 * silently turned into '{}' or 'null'.
 */
export function canonicalJson(value: unknown, path = '$'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new UnhashableValueError(path, String(value));
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? arrayJson(value, path) : objectJson(value, path);
    default:
      throw new UnhashableValueError(path, typeof value);
  }
}

function arrayJson(items: unknown[], path: string): string {
  // As JSON.stringify: an undefined item keeps its place as null.
  return `[${items.map((item, i) => (item === undefined ? 'null' : canonicalJson(item, `${path}[${i}]`))).join(',')}]`;
}

function objectJson(value: object, path: string): string {
  // Plain objects: Object.prototype of any realm (structuredClone, vm), or none at all.
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && Object.getPrototypeOf(proto) !== null) {
    throw new UnhashableValueError(path, `an instance of ${value.constructor?.name ?? 'a class'}`);
  }
  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key], `${path}.${key}`)}`);
  return `{${fields.join(',')}}`;
}

/** Hex SHA-256 of the canonical JSON of `value`. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

/**
 * The hash of a canonical record's content: everything but `origin`, which says which system it
 * was read from and that system's change marker. The same customer read back from Xero after we
 * wrote it from X3 must hash the same, or a both-way flow would echo it back.
 * A document's `amountPaid` and `amountDue` are left out too: payments move them (their own flow
 * carries them), no document write sends them, and a document paid since its write is not changed —
 * hashing them made every paid X3 invoice an update Xero refuses (a paid invoice), held for nothing.
 */
export function canonicalContentHash(record: object): string {
  const { origin: _origin, amountPaid: _paid, amountDue: _due, ...content } = record as Record<string, unknown>;
  return contentHash(content);
}
