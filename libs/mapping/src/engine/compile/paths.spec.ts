import { compileLookup } from './lookups';
import { compileGetter, compileSetter, parsePath, type ParsedPath } from './paths';
import { plainCopy } from './plain-copy';

function path(text: string): ParsedPath {
  const parsed = parsePath(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('paths', () => {
  it('parses names, fixed indexes and one line marker', () => {
    expect(path('lineItems[].tracking[0].option')).toEqual({
      segments: [{ name: 'lineItems', index: 'line' }, { name: 'tracking', index: 0 }, { name: 'option' }],
      lineSegment: 0,
    });
    expect(parsePath('a[].b[]')).toBe('a path may hold at most one []');
    expect(parsePath('a..b')).toMatch(/not a path segment/);
    for (const unsafe of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(parsePath(`contact.${unsafe}`)).toBe(`'${unsafe}' may not appear in a path`);
    }
  });

  it('reads data only: the line at the index, nothing inherited, no functions', () => {
    const get = compileGetter(path('lines[].dimensions.CCE'));
    const record = { lines: [{ dimensions: { CCE: 'N' } }, { dimensions: { CCE: 'S' } }], f: () => 1 };
    expect([get(record, 0), get(record, 1), get(record, 2)]).toEqual(['N', 'S', undefined]);
    expect(compileGetter(path('f'))(record, 0)).toBeUndefined();
    expect(compileGetter(path('lines.length'))(record, 0)).toBeUndefined();
  });

  it('writes through missing objects and arrays, and deletes on undefined', () => {
    const payload: Record<string, unknown> = { lineItems: [{ description: 'a' }, { description: 'b' }] };
    compileSetter(path('lineItems[].tracking[0]'))(payload, 1, { name: 'Region', option: 'S' });
    compileSetter(path('contact.contactNumber'))(payload, 0, 'C1');
    compileSetter(path('lineItems[].description'))(payload, 0, undefined);
    expect(payload).toEqual({
      lineItems: [{}, { description: 'b', tracking: [{ name: 'Region', option: 'S' }] }],
      contact: { contactNumber: 'C1' },
    });
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('plain copies drop undefined, keep dates, never take an own __proto__ as a prototype', () => {
    const date = new Date('2026-01-01T00:00:00Z');
    const copy = plainCopy(JSON.parse('{"a": 1, "__proto__": {"polluted": true}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(plainCopy({ d: date, u: undefined, list: [{ x: 1 }] })).toEqual({ d: date, list: [{ x: 1 }] });
  });
});

describe('compiled lookups', () => {
  const table = compileLookup({
    name: 'accounts',
    kind: 'gl-account',
    keyFields: ['accountingCode', 'taxRule'],
    entries: [
      { key: ['*', '*'], value: { accountCode: '999' } },
      { key: ['GOODS', '*'], value: { accountCode: '210' } },
      { key: ['GOODS', 'FRA'], value: { accountCode: '200' } },
    ],
  });

  it('prefers the exact key, then the fewest wildcards', () => {
    expect(table.find(['GOODS', 'FRA'])).toEqual({ accountCode: '200' });
    expect(table.find(['GOODS', 'EXP'])).toEqual({ accountCode: '210' });
    expect(table.find(['OTHER', 'EXP'])).toEqual({ accountCode: '999' });
    expect(table.findJoined('GOODS\u0000FRA', () => ['GOODS', 'FRA'])).toEqual({ accountCode: '200' });
  });

  it('misses without a catch-all, and values cannot be changed through a hit', () => {
    const strict = compileLookup({
      name: 't',
      kind: 'tax-type',
      keyFields: ['code'],
      entries: [{ key: ['S'], value: { taxType: 'OUTPUT' } }],
    });
    expect(strict.find(['Z'])).toBeUndefined();
    expect(Object.isFrozen(strict.find(['S']))).toBe(true);
  });
});
