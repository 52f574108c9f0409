import { diffJson } from './json-diff';

describe('diffJson', () => {
  it('matches field mappings by target, so an inserted mapping is one addition', () => {
    const a = {
      fields: [
        { target: 'name', v: 1 },
        { target: 'email', v: 2 },
      ],
    };
    const b = {
      fields: [
        { target: 'phone', v: 0 },
        { target: 'name', v: 1 },
        { target: 'email', v: 3 },
      ],
    };
    expect(diffJson(a, b)).toEqual([
      { path: 'fields[target=email].v', change: 'changed', before: 2, after: 3 },
      { path: 'fields[target=phone]', change: 'added', after: { target: 'phone', v: 0 } },
    ]);
  });

  it('compares other lists by position and reports removals', () => {
    expect(diffJson({ key: ['a', 'b'] }, { key: ['a'] })).toEqual([{ path: 'key[1]', change: 'removed', before: 'b' }]);
  });

  it('takes decimal text and a number of the same value as equal, but never two different strings', () => {
    expect(diffJson({ unitAmount: 12.5 }, { unitAmount: '12.50' })).toEqual([]);
    expect(diffJson({ unitAmount: -0 }, { unitAmount: '0.00' })).toEqual([]);
    expect(diffJson({ accountCode: '0200' }, { accountCode: '200' })).toEqual([
      { path: 'accountCode', change: 'changed', before: '0200', after: '200' },
    ]);
    expect(diffJson({ total: 10 }, { total: '10.01' })).toHaveLength(1);
  });
});
