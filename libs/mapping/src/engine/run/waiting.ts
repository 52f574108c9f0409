// Releasing records that wait for mapping: which of a record's missing lookups a (new) compiled
// version still lacks. The sync engine keeps the `missing` list with the waiting record and
// re-runs it once this returns nothing, without reading the record again to find out.
import type { CompiledMapping } from '../compile/compile-mapping';
import type { MissingLookup } from './outcome';

export function stillMissing(compiled: CompiledMapping, missing: readonly MissingLookup[]): MissingLookup[] {
  return missing.filter((entry) => {
    const table = compiled.lookups.get(entry.table);
    return table === undefined || table.find(entry.key) === undefined;
  });
}
