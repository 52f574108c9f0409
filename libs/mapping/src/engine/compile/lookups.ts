// Lookup tables compiled to maps: an exact composite key is one Map read; entries with `*`
// parts are tried after it, most specific (fewest wildcards) first, then in document order.
import type { LookupTable } from '../mapping-document';

export type LookupValue = Readonly<Record<string, string>>;

export interface CompiledLookup {
  readonly name: string;
  readonly kind: LookupTable['kind'];
  readonly keyFields: readonly string[];
  find(key: readonly string[]): LookupValue | undefined;
}

const SEPARATOR = '\u0000';
export const WILDCARD = '*';

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

  return {
    name: table.name,
    kind: table.kind,
    keyFields: table.keyFields,
    find(key) {
      const parts = key.map(normalise);
      const hit = exact.get(parts.join(SEPARATOR));
      if (hit || wildcards.length === 0) return hit;
      for (const candidate of wildcards) {
        if (candidate.key.every((part, i) => part === WILDCARD || part === parts[i])) return candidate.value;
      }
      return undefined;
    },
  };
}

/** A key part as text: strings as they are, numbers and booleans printed; anything else missing. */
export function keyPart(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
