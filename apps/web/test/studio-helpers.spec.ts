// The mapping studio's pure helpers: CSV both ways (formula injection neutralised, a round trip
// exact), lookup tables to and from CSV, and the record paths the studio lists.
import { csvCell, parseCsv, toCsv } from '../src/features/mappings/csv';
import { lookupFromCsv, lookupToCsv } from '../src/features/mappings/lookup-csv';
import { leafPaths, valueAt, withField, withoutField } from '../src/features/mappings/mapping-draft';

describe('CSV for lookup tables', () => {
  it('neutralises cells a spreadsheet would run as a formula, and quotes what must be quoted', () => {
    expect(['=1+2', '+SUM(A1)', '-3', '@cmd', '\tx', '\rx'].map(csvCell)).toEqual([
      "'=1+2",
      "'+SUM(A1)",
      "'-3",
      "'@cmd",
      "'\tx",
      `"'\rx"`,
    ]);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell('411000')).toBe('411000');
  });

  it('reads back exactly what it wrote, including quotes, commas, new lines and formula-looking text', () => {
    const rows = [
      ['accountingCode', 'taxRule', 'accountCode'],
      ['GOODS', 'FRA', '200'],
      ['=HYPERLINK("http://evil")', 'a,b', 'line\nbreak'],
      ['-5', '"quoted"', ''],
      ["'=1", "''+x", "'plain"],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
    expect(parseCsv('\uFEFFa,b\r\nc,d\n\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('turns a lookup table into CSV and back; a file with other columns or short rows is refused', () => {
    const table = {
      name: 'sales-accounts',
      kind: 'gl-account',
      keyFields: ['accountingCode', 'taxRule'],
      entries: [
        { key: ['GOODS', 'FRA'], value: { accountCode: '200' } },
        { key: ['*', 'EXP'], value: { accountCode: '=260' } },
      ],
    };
    const csv = lookupToCsv(table);
    expect(csv.split('\r\n')[0]).toBe('accountingCode,taxRule,accountCode');
    expect(csv).toContain("'=260");
    expect(lookupFromCsv(table, csv)).toEqual(table.entries);
    expect(() => lookupFromCsv(table, 'code,account\r\nA,1\r\n')).toThrow(/first row must be the columns/);
    expect(() => lookupFromCsv(table, 'accountingCode,taxRule,accountCode\r\nA,B\r\n')).toThrow(/Row 2 has 2 cells/);
  });
});

describe('record paths and field edits', () => {
  const invoice = {
    key: 'FAC1',
    party: { key: 'C1', name: 'Acme' },
    lines: [
      { product: 'P1', amount: '10.00' },
      { product: 'P2', tax: { code: 'S' } },
    ],
    tags: ['a', 'b'],
    empty: {},
  };

  it('lists every leaf in the engine path syntax: [] for line arrays, [n] for others', () => {
    expect(leafPaths(invoice).sort()).toEqual(
      [
        'empty',
        'key',
        'lines[].amount',
        'lines[].product',
        'lines[].tax.code',
        'party.key',
        'party.name',
        'tags[0]',
        'tags[1]',
      ].sort(),
    );
    expect(valueAt(invoice, 'party.name')).toBe('Acme');
    expect(valueAt(invoice, 'lines[].product', 1)).toBe('P2');
    expect(valueAt(invoice, 'tags[1]')).toBe('b');
    expect(valueAt(invoice, 'nope.deeper')).toBeUndefined();
  });

  it('sets a target once (replacing its mapping in place) and removes it', () => {
    const doc = { schema: 1, entity: 'customer', direction: 'x3-to-xero', fields: [] };
    const one = withField(doc, { target: 'name', source: { kind: 'copy', from: 'key' } });
    const two = withField(one, { target: 'email', source: { kind: 'copy', from: 'email' } });
    const replaced = withField(two, { target: 'name', source: { kind: 'expression', expression: '$uppercase(name)' } });
    expect(replaced.fields!.map((f) => [f.target, f.source.kind])).toEqual([
      ['name', 'expression'],
      ['email', 'copy'],
    ]);
    expect(withoutField(replaced, 'name').fields!.map((f) => f.target)).toEqual(['email']);
    expect(doc.fields).toEqual([]);
  });
});
