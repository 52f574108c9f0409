// Analytic dimensions → Xero tracking. The adapters carry a line's X3 dimensions as tracking
// pairs { name: dimension type (DIE), option: dimension (CCE) }; Xero knows only its own tracking
// categories and options, so a mapping that names a tracking table translates every pair:
// - a dimension type the table never mentions is not tracked in Xero (the pair is dropped);
// - a type it mentions must have the value too, or the record waits for mapping on that key.
import type { CompiledLookup } from '../compile/lookups';
import type { MissingLookup } from './outcome';

/** The payload arrays whose items carry `tracking` (invoice/bill/credit-note lines, journal lines). */
const TRACKED_LINES = ['lineItems', 'journalLines'] as const;

interface TrackingPair {
  name?: unknown;
  option?: unknown;
}

/** Dimension types the table maps: the first key part of each entry ('*' maps every type). */
export function trackedTypes(entries: readonly { key: readonly string[] }[]): Set<string> {
  return new Set(entries.map((entry) => entry.key[0]));
}

/**
 * Rewrites the payload's tracking in place through `table` (key: dimension type, dimension) and
 * returns the pairs it could not translate.
 */
export function translateTracking(
  payload: Record<string, unknown>,
  table: CompiledLookup,
  types: ReadonlySet<string>,
): MissingLookup[] {
  const missing: MissingLookup[] = [];
  for (const linesField of TRACKED_LINES) {
    const lines = payload[linesField];
    if (!Array.isArray(lines)) continue;
    lines.forEach((line: Record<string, unknown>, index) => {
      const pairs = line?.tracking;
      if (!Array.isArray(pairs) || pairs.length === 0) return;
      const translated: { name: string; option: string }[] = [];
      for (const pair of pairs as TrackingPair[]) {
        if (typeof pair?.name !== 'string' || typeof pair.option !== 'string') continue;
        if (!types.has(pair.name) && !types.has('*')) continue;
        const value = table.find([pair.name, pair.option]);
        if (value?.name && value.option) translated.push({ name: value.name, option: value.option });
        else
          missing.push({ table: table.name, key: [pair.name, pair.option], field: `${linesField}[${index}].tracking` });
      }
      if (translated.length > 0) line.tracking = translated;
      else delete line.tracking;
    });
  }
  return missing;
}
