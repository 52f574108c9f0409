// A lookup table as CSV: one column per key part, then one per value field, a header row first.
import { parseCsv, toCsv } from './csv';
import { LOOKUP_VALUE_FIELDS, LookupEntry, LookupTable } from './mapping-draft';

export function valueFieldsOf(table: LookupTable): string[] {
  return LOOKUP_VALUE_FIELDS[table.kind] ?? [...new Set(table.entries.flatMap((e) => Object.keys(e.value)))].sort();
}

/** The table as CSV: one column per key part, then one per value field, a header row first. */
export function lookupToCsv(table: LookupTable): string {
  const values = valueFieldsOf(table);
  return toCsv([
    [...table.keyFields, ...values],
    ...table.entries.map((e) => [...e.key, ...values.map((v) => e.value[v] ?? '')]),
  ]);
}

/** Entries from CSV in the table's own columns; the header must name them, in order. */
export function lookupFromCsv(table: LookupTable, text: string): LookupEntry[] {
  const [header, ...rows] = parseCsv(text);
  const values = valueFieldsOf(table);
  const expected = [...table.keyFields, ...values];
  if (!header || header.join(',') !== expected.join(',')) {
    throw new Error(`The first row must be the columns ${expected.join(', ')}`);
  }
  return rows.map((r, n) => {
    if (r.length !== expected.length) throw new Error(`Row ${n + 2} has ${r.length} cells, not ${expected.length}`);
    const k = table.keyFields.length;
    return { key: r.slice(0, k), value: Object.fromEntries(values.map((v, i) => [v, r[k + i]])) };
  });
}
