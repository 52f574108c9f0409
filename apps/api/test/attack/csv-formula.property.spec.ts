// CSV formula injection, property-based: whatever text a lookup table holds, its CSV export has no
// cell a spreadsheet would run as a formula, and importing that file gives back the same text
// byte for byte. The reconciliation export is checked through the running api in
// tenant-input.e2e-spec.ts (its cells come from both systems' records).
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { parseCsv, toCsv } from '../../../web/src/features/mappings/csv';
import { lookupFromCsv, lookupToCsv } from '../../../web/src/features/mappings/lookup-csv';

const FORMULA_START = /^[=+\-@\t\r]/;
const SEED = 1717;

/** Text an attacker would key in: formula starts, quotes, separators, apostrophes, then anything. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc
    .tuple(
      fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", "'=", "''+", '"', ',', '\n', ' ', '\uFEFF', '=cmd|'),
      fc.string({ unit: 'binary', maxLength: 16 }),
    )
    .map(([start, rest]) => start + rest),
  fc.constantFrom('=HYPERLINK("http://evil.example","x")', '@SUM(1+1)*cmd|" /C calc"!A0', '-2+3', "'=1"),
);

describe('attack: CSV formula injection in the lookup-table export (property)', () => {
  it('no exported cell starts like a formula, and an import gives back exactly what was exported', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(hostileText, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        (body) => {
          // An all-empty row carries nothing and is skipped on import: not a round trip to ask for.
          const rows = [['a', 'b', 'c'], ...body.filter((r) => r.some((c) => c !== ''))];
          const text = toCsv(rows);
          const cells: string[][] = parse(text, { relax_column_count: true });
          for (const cell of cells.flat()) {
            expect(cell).not.toMatch(FORMULA_START);
          }
          expect(parseCsv(text)).toEqual(rows);
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('round-trips a lookup table through its CSV, whatever its keys and values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(hostileText, hostileText, hostileText), { minLength: 1, maxLength: 5 }),
        (cells) => {
          const table = {
            name: 'accounts',
            kind: 'gl-account',
            keyFields: ['accountingCode', 'taxRule'],
            entries: cells
              .filter((c) => c.some((v) => v !== ''))
              .map(([code, rule, account]) => ({ key: [code, rule], value: { accountCode: account } })),
          };
          expect(lookupFromCsv(table, lookupToCsv(table))).toEqual(table.entries);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
