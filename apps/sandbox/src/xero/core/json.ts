// Request bodies and stored documents are JSON of a shape nobody guarantees: values come in as
// `unknown` and are narrowed here, never cast.

export interface WireRecord {
  [field: string]: unknown;
}

export function isRecord(value: unknown): value is WireRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or undefined for anything else (null, arrays, scalars). */
export function recordOf(value: unknown): WireRecord | undefined {
  return isRecord(value) ? value : undefined;
}

/** The objects in a list; anything else in it (or a non-list) is dropped. */
export function records(value: unknown): WireRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** A scalar as text (what a client meant by "12" or 12); undefined for absent values and objects. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** Text for a message: scalars as they are, anything else as JSON. */
export function shown(value: unknown): string {
  return text(value) ?? JSON.stringify(value) ?? '';
}
