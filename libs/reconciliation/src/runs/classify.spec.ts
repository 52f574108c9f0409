import { classify, SideValues } from './classify';

const copy = (over: Partial<SideValues> = {}): SideValues => ({
  recordKey: 'k',
  counterparty: 'C001',
  documentDate: '2026-11-30',
  currency: 'EUR',
  total: '100.00',
  amountDue: '100.00',
  status: 'authorised',
  ...over,
});

describe('classify', () => {
  it('finds nothing when both sides agree, whatever the decimal text', () => {
    expect(classify('invoice', [copy()], [copy({ total: '100', amountDue: '100.0' })])).toBeNull();
  });

  it('tells each class apart', () => {
    const cls = (x3: SideValues[], xero: SideValues[]) => classify('invoice', x3, xero)?.differenceClass;
    expect(cls([copy()], [])).toBe('missingInXero');
    expect(cls([], [copy()])).toBe('missingInX3');
    expect(cls([copy()], [copy({ total: '100.01', amountDue: '100.01' })])).toBe('rounding');
    expect(cls([copy()], [copy({ total: '99.98' })])).toBe('amount');
    expect(cls([copy({ status: 'paid', amountDue: '0' })], [copy()])).toBe('status');
    expect(cls([copy()], [copy({ status: 'voided' })])).toBe('status');
    // settled without saying so: approved, owing nothing (X3's status, Xero's aged report)
    expect(cls([copy({ amountDue: '0' })], [copy({ status: 'paid', amountDue: '0' })])).toBeUndefined();
    expect(cls([copy()], [copy({ amountDue: '0.00' })])).toBe('status');
    expect(cls([copy()], [copy({ recordKey: 'a' }), copy({ recordKey: 'b' })])).toBe('duplicate');
    expect(cls([copy()], [copy({ currency: 'USD' })])).toBe('currency');
  });

  it('measures money with decimals, not floats (0.1 + 0.2 style amounts)', () => {
    expect(
      classify('invoice', [copy({ total: '0.3', amountDue: '0.3' })], [copy({ total: '0.30', amountDue: '0.30' })]),
    ).toBeNull();
    expect(
      classify('invoice', [copy({ total: '1000000000.015' })], [copy({ total: '1000000000.005' })])?.differenceClass,
    ).toBe('rounding');
  });

  it('proposes a credit note, never an edit, for a paid Xero document', () => {
    const c = classify(
      'invoice',
      [copy({ total: '120.00', amountDue: '0', status: 'paid' })],
      [copy({ amountDue: '0', status: 'paid' })],
    );
    expect(c).toMatchObject({ differenceClass: 'amount', fix: { action: 'credit-note', amount: '20' } });
    // paid in Xero at another total than X3's: an adjustment, not a payment to carry
    expect(
      classify('invoice', [copy({ total: '120.00' })], [copy({ status: 'paid', amountDue: '0' })])?.fix.action,
    ).toBe('credit-note');
    // the credit note's amount to the cent, whatever text Xero's number came as
    expect(classify('invoice', [copy()], [copy({ total: '74.7', amountDue: '0' })])?.fix).toMatchObject({
      action: 'credit-note',
      amount: '74.70',
    });
    expect(classify('invoice', [copy({ total: '120.00' })], [copy()])?.fix.action).toBe('resend-x3');
  });

  it('carries a payment keyed in Xero only to X3: paid in Xero, open in X3, one total', () => {
    const open = copy({ amountDue: '100.00' });
    for (const paid of [copy({ status: 'paid', amountDue: '0' }), copy({ amountDue: '0.00' })]) {
      expect(classify('invoice', [open], [{ ...paid, recordKey: 'xero-id' }])).toMatchObject({
        differenceClass: 'status',
        likelyCause: expect.stringContaining('a payment keyed in Xero only'),
        fix: { action: 'carry-payment', target: 'xero-id', amount: '100.00' },
      });
      expect(classify('bill', [open], [paid])?.fix.action).toBe('carry-payment');
    }
    // a credit note is refunded, not paid; a void is no payment; paid in X3 only is not this fix
    expect(classify('creditNote', [open], [copy({ status: 'paid', amountDue: '0' })])?.fix.action).toBe('credit-note');
    expect(classify('invoice', [copy({ status: 'voided' })], [copy({ status: 'paid' })])?.fix.action).toBe(
      'credit-note',
    );
    // paid in X3 only: no re-send of the document (it carries no payment): the payments flow does
    expect(classify('invoice', [copy({ status: 'paid', amountDue: '0' })], [copy()])).toMatchObject({
      differenceClass: 'status',
      likelyCause: expect.stringContaining("X3's payment did not reach Xero"),
      fix: { action: 'none', description: expect.stringContaining('payments flow') },
    });
    // voided in X3 only: the document re-sent carries the void
    expect(classify('invoice', [copy({ status: 'voided' })], [copy()])?.fix.action).toBe('resend-x3');
  });

  it("never proposes an edit, a create or a void on or before Xero's lock date: an adjustment instead", () => {
    const lockDate = '2026-11-30';
    const at = (documentDate: string) => copy({ documentDate });
    const locked = (x3: SideValues[], xero: SideValues[]) => classify('invoice', x3, xero, { lockDate });
    // an edit: amount, currency, void
    expect(
      locked(
        [at('2026-11-30')],
        [at('2026-11-30')].map((c) => ({ ...c, total: '90.00' })),
      )?.fix,
    ).toMatchObject({
      action: 'credit-note',
      amount: '10',
      description: expect.stringContaining('locked period (on or before 2026-11-30)'),
    });
    expect(locked([at('2026-11-01')], [{ ...at('2026-11-01'), currency: 'USD' }])?.fix.action).toBe('credit-note');
    expect(locked([{ ...at('2026-10-01'), status: 'voided' }], [at('2026-10-01')])?.fix.action).toBe('credit-note');
    // a create: for an accountant, with the reason
    expect(locked([at('2026-11-15')], [])?.fix).toMatchObject({
      action: 'none',
      description: expect.stringContaining("Xero's lock date (2026-11-30)"),
    });
    // a duplicate there is credited, not voided
    const dup = [
      { ...at('2026-11-02'), recordKey: 'a' },
      { ...at('2026-11-02'), recordKey: 'b' },
    ];
    expect(locked([at('2026-11-02')], dup)?.fix).toMatchObject({ action: 'credit-note', target: 'b' });
    // after the lock date, as without one
    expect(locked([at('2026-12-01')], [{ ...at('2026-12-01'), total: '90.00' }])?.fix.action).toBe('resend-x3');
    expect(locked([at('2026-12-01')], [])?.fix.action).toBe('resend-x3');
    expect(classify('invoice', [at('2026-11-01')], [{ ...at('2026-11-01'), total: '90.00' }])?.fix.action).toBe(
      'resend-x3',
    );
  });

  it('voids the newer Xero duplicate unless it is paid', () => {
    const dup = [copy({ recordKey: 'a' }), copy({ recordKey: 'b' })];
    expect(classify('invoice', [copy()], dup)?.fix).toMatchObject({ action: 'void-duplicate', target: 'b' });
    const paid = [copy({ recordKey: 'a' }), copy({ recordKey: 'b', status: 'paid' })];
    expect(classify('invoice', [copy()], paid)?.fix).toMatchObject({ action: 'credit-note', target: 'b' });
  });

  it('counts a voided extra copy as no duplicate: the live one is compared', () => {
    const voided = [copy({ recordKey: 'a' }), copy({ recordKey: 'b', status: 'voided', amountDue: '0' })];
    expect(classify('invoice', [copy()], voided)).toBeNull();
    expect(classify('invoice', [copy()], [voided[0], { ...voided[1], status: 'deleted' }])).toBeNull();
    // all voided: still two records under one number
    const allVoid = voided.map((c) => ({ ...c, status: 'voided' }));
    expect(classify('invoice', [copy()], allVoid)?.differenceClass).toBe('duplicate');
  });

  it('compares parties by presence and currency, not amounts', () => {
    const party = copy({ total: null, amountDue: null, status: 'active' });
    expect(classify('customer', [party], [{ ...party, status: 'archived' }])).toBeNull();
    expect(classify('customer', [party], [])?.differenceClass).toBe('missingInXero');
  });
});
