import { changedFields, planWrite, MergeInput } from './conflict-merge';

const current = {
  code: 'C001',
  companyName: 'Acme',
  email: 'old@acme.test',
  currency: { code: 'EUR' },
  isActive: true,
  _updateStamp: '2026-11-30T10:00:00Z',
};
const input = (over: Partial<MergeInput>): MergeInput => ({
  payload: { code: 'C001', companyName: 'Acme Ltd', email: 'new@acme.test', currency: 'EUR', isActive: true },
  current,
  x3ChangedSinceSync: true,
  bothWays: true,
  options: {},
  xeroUpdatedAt: '2026-11-30T11:00:00Z',
  x3UpdatedAt: '2026-11-30T10:00:00Z',
  canonicalNames: { companyName: 'name' },
  ...over,
});

describe('conflict merge (xero → x3)', () => {
  it('sees only the fields the payload sends, references by their code', () => {
    expect(changedFields(current, { code: 'C001', companyName: 'Acme', currency: 'EUR' })).toEqual([]);
    expect(changedFields(current, { code: 'C001', companyName: 'Acme 2', currency: 'USD' })).toEqual([
      'companyName',
      'currency',
    ]);
  });

  it('creates when X3 has no record; nothing to write when X3 already holds it (an echo)', () => {
    expect(planWrite(input({ current: undefined }))).toEqual({ kind: 'create', data: input({}).payload });
    expect(planWrite(input({ payload: { code: 'C001', companyName: 'Acme', currency: 'EUR' } }))).toEqual({
      kind: 'unchanged',
      kept: [],
    });
  });

  it('a one-way flow, or X3 unchanged since the last sync: Xero wins every differing field', () => {
    const oneWay = planWrite(input({ bothWays: false, options: { defaultConflictRule: 'x3-wins' } }));
    expect(oneWay).toMatchObject({ kind: 'update', fields: ['companyName', 'email'], kept: [] });
    const quiet = planWrite(input({ x3ChangedSinceSync: false, options: { defaultConflictRule: 'x3-wins' } }));
    expect(quiet).toMatchObject({ kind: 'update', data: { companyName: 'Acme Ltd', email: 'new@acme.test' } });
  });

  it('both sides changed: per-field rules by X3 or canonical name, then the default', () => {
    const plan = planWrite(
      input({ options: { conflictRules: { name: 'x3-wins' }, defaultConflictRule: 'xero-wins' } }),
    );
    expect(plan).toEqual({
      kind: 'update',
      data: { email: 'new@acme.test' },
      fields: ['email'],
      kept: ['companyName'],
    });
    expect(planWrite(input({ options: { defaultConflictRule: 'x3-wins' } }))).toEqual({
      kind: 'unchanged',
      kept: ['companyName', 'email'],
    });
  });

  it('newest wins by the two update stamps', () => {
    const options = { defaultConflictRule: 'newest-wins' as const };
    expect(planWrite(input({ options }))).toMatchObject({ kind: 'update', fields: ['companyName', 'email'] });
    expect(planWrite(input({ options, xeroUpdatedAt: '2026-11-30T09:00:00Z' }))).toMatchObject({
      kind: 'unchanged',
    });
    expect(planWrite(input({ options, xeroUpdatedAt: undefined }))).toMatchObject({ kind: 'unchanged' });
  });

  describe('with the record as last synced (the base), each side’s own edits are told apart', () => {
    // synced: Acme / old@acme.test. X3 since edited the email; Xero (newer) edited the name.
    const base = { code: 'C001', companyName: 'Acme', email: 'before@acme.test', currency: { code: 'EUR' } };
    const x3Edited = { ...current, email: 'x3@acme.test' };
    const payload = { code: 'C001', companyName: 'Acme Ltd', email: 'before@acme.test', currency: 'EUR' };

    it('a field only X3 edited stays X3’s, one only Xero edited goes to X3 — whatever the stamps say', () => {
      for (const xeroUpdatedAt of ['2026-11-30T11:00:00Z', '2026-11-30T09:00:00Z']) {
        const options = { defaultConflictRule: 'newest-wins' as const };
        expect(planWrite(input({ base, current: x3Edited, payload, options, xeroUpdatedAt }))).toEqual({
          kind: 'update',
          data: { companyName: 'Acme Ltd' },
          fields: ['companyName'],
          kept: ['email'],
        });
      }
      // without the base every differing field meets the rule: the newer Xero takes X3's email back
      const options = { defaultConflictRule: 'newest-wins' as const };
      expect(planWrite(input({ current: x3Edited, payload, options }))).toMatchObject({
        fields: ['companyName', 'email'],
      });
    });

    it('a field both sides edited meets the conflict rule', () => {
      const both = { ...payload, email: 'xero@acme.test' };
      const rule = (r: 'x3-wins' | 'xero-wins') => ({ conflictRules: { email: r } });
      expect(planWrite(input({ base, current: x3Edited, payload: both, options: rule('x3-wins') }))).toMatchObject({
        fields: ['companyName'],
        kept: ['email'],
      });
      expect(planWrite(input({ base, current: x3Edited, payload: both, options: rule('xero-wins') }))).toMatchObject({
        fields: ['companyName', 'email'],
        kept: [],
      });
    });
  });
});
