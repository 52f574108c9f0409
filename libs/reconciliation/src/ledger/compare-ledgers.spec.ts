import Decimal from 'decimal.js';
import { compareTrialBalances, movement, xeroBalances } from './compare-ledgers';

const balances = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, new Decimal(v)]));

describe('compareTrialBalances', () => {
  const map = { '200': '200', '090': '090', '497': '498', '498': '498', '610': '610' };

  it('sums X3 accounts under the Xero code they map to; equal lines when the balances agree', () => {
    const lines = compareTrialBalances(
      balances({ '200': '-100.00', '090': '100.00', '497': '1.50', '498': '-0.50' }),
      xeroBalances(
        new Map([
          ['200', { debit: '', credit: '100.00' }],
          ['090', { debit: '100.00', credit: '' }],
          ['498', { debit: '1.00', credit: '' }],
        ]),
      ),
      map,
    );
    expect(lines).toEqual([
      {
        xeroCode: '090',
        x3Accounts: ['090'],
        x3Balance: '100.00',
        xeroBalance: '100.00',
        difference: '0.00',
        class: 'equal',
      },
      {
        xeroCode: '200',
        x3Accounts: ['200'],
        x3Balance: '-100.00',
        xeroBalance: '-100.00',
        difference: '0.00',
        class: 'equal',
      },
      {
        xeroCode: '498',
        x3Accounts: ['497', '498'],
        x3Balance: '1.00',
        xeroBalance: '1.00',
        difference: '0.00',
        class: 'equal',
      },
    ]);
  });

  it('classifies: rounding up to 0.01, amount-differs beyond, missing on one side, unmapped X3 accounts', () => {
    const lines = compareTrialBalances(
      balances({ '200': '-100.01', '090': '125.00', '610': '40.00', '999': '7.00', '998': '-7.00', '997': '0.00' }),
      balances({ '200': '-100.00', '090': '100.00', '404': '12.34' }),
      map,
    );
    expect(lines.map((l) => [l.xeroCode, l.x3Accounts.join(), l.difference, l.class])).toEqual([
      ['090', '090', '25.00', 'amount-differs'],
      ['200', '200', '-0.01', 'rounding'],
      ['404', '', '-12.34', 'missing-in-x3'],
      ['610', '610', '40.00', 'missing-in-xero'],
      [null, '998', '-7.00', 'unmapped'],
      [null, '999', '7.00', 'unmapped'],
    ]);
  });

  it('a cent on a code one side lacks is rounding, not missing; decimals never go through floats', () => {
    const lines = compareTrialBalances(balances({ '200': '0.1' }), balances({ '200': '0.2', '090': '0.01' }), map);
    expect(lines.map((l) => [l.xeroCode, l.difference, l.class])).toEqual([
      ['090', '-0.01', 'rounding'],
      ['200', '-0.10', 'amount-differs'],
    ]);
  });

  it("a hostile account key cannot reach the map's prototype", () => {
    const lines = compareTrialBalances(
      new Map([
        ['constructor', new Decimal('5.00')],
        ['__proto__', new Decimal('1.00')],
      ]),
      new Map(),
      map,
    );
    expect(lines.map((l) => l.x3Accounts[0]).sort()).toEqual(['__proto__', 'constructor']);
    expect(lines.every((l) => l.class === 'unmapped')).toBe(true);
  });
});

describe('movement', () => {
  it('is after − before per key, keys from either side', () => {
    const m = movement(balances({ a: '10.00', b: '1.00' }), balances({ a: '4.00', c: '2.00' }));
    expect(Object.fromEntries([...m].map(([k, v]) => [k, v.toFixed(2)]))).toEqual({ a: '6.00', b: '1.00', c: '-2.00' });
  });
});
