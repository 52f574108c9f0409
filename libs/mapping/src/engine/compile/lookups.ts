// Lookup tables compiled to maps: an exact composite key is one Map read; entries with `*`
// parts are tried after it, most specific (fewest wildcards) first, then in document order.
import type { LookupTable } from '../mapping-document';

export type LookupValue = Readonly<Record<string, string>>;

export interface CompiledLookup {
  readonly name: string;
  readonly kind: LookupTable['kind'];
  readonly keyFields: readonly string[];
  find(key: readonly string[]): LookupValue | undefined;
  /** The same, from key parts already joined with SEPARATOR (no array built on a hit). */
  findJoined(joined: string, parts: () => string[]): LookupValue | undefined;
}

export const SEPARATOR = '\u0000';
export const WILDCARD = '*';
const MISS = Symbol('no entry');
/** Keys whose wildcard answer a compiled table remembers before it starts again (bounded memory). */
const WILDCARD_MEMO_MAX = 10_000;

export function compileLookup(table: LookupTable): CompiledLookup {
  const normalise = table.ignoreCase ? (part: string) => part.toLowerCase() : (part: string) => part;
  const exact = new Map<string, LookupValue>();
  const wildcards: { key: string[]; value: LookupValue; wild: number; order: number }[] = [];
  table.entries.forEach((entry, order) => {
    const value = Object.freeze({ ...entry.value });
    const wild = entry.key.filter((part) => part === WILDCARD).length;
    if (wild === 0) {
      const joined = entry.key.map(normalise).join(SEPARATOR);
      if (!exact.has(joined)) exact.set(joined, value);
    } else {
      wildcards.push({
        key: entry.key.map((part) => (part === WILDCARD ? part : normalise(part))),
        value,
        wild,
        order,
      });
    }
  });
  wildcards.sort((a, b) => a.wild - b.wild || a.order - b.order);
  const wildcardAnswers = new Map<string, LookupValue | typeof MISS>();

  const wildcardMatch = (parts: string[]): LookupValue | undefined => {
    for (const candidate of wildcards) {
      if (candidate.key.every((part, i) => part === WILDCARD || part === parts[i])) return candidate.value;
    }
    return undefined;
  };
  return {
    name: table.name,
    kind: table.kind,
    keyFields: table.keyFields,
    find(key) {
      const parts = key.map(normalise);
      return exact.get(parts.join(SEPARATOR)) ?? (wildcards.length === 0 ? undefined : wildcardMatch(parts));
    },
    findJoined(joined, parts) {
      const hit = exact.get(table.ignoreCase ? joined.toLowerCase() : joined);
      if (hit || wildcards.length === 0) return hit;
      // a wildcard answer depends only on the key: remembered (hit or miss), so a document's lines
      // with the same product code and tax rule pay for the scan once
      const known = wildcardAnswers.get(joined);
      if (known !== undefined) return known === MISS ? undefined : known;
      const found = wildcardMatch(parts().map(normalise));
      if (wildcardAnswers.size >= WILDCARD_MEMO_MAX) wildcardAnswers.clear();
      wildcardAnswers.set(joined, found ?? MISS);
      return found;
    },
  };
}

/** A key part as text: strings as they are, numbers and booleans printed; anything else missing. */
export function keyPart(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
