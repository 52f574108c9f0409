import { Doc, EntityKind, OrgSession } from '../db/entity-store';
import { ElementValidationError } from '../core/xero-errors';
import { computeLines, lineAmountTypes } from './line-items';

/** An organisation held in memory: enough of OrgSession for the arithmetic. */
function session(): OrgSession {
  const data: Partial<Record<EntityKind, Doc[]>> = {
    Account: [
      { AccountID: 'a-200', Code: '200', Status: 'ACTIVE', TaxType: 'OUTPUT2' },
      { AccountID: 'a-499', Code: '499', Status: 'ARCHIVED', TaxType: 'INPUT2' },
    ],
    TaxRate: [
      { TaxType: 'OUTPUT2', Status: 'ACTIVE', TaxComponents: [{ Rate: 15 }] },
      { TaxType: 'ZERO', Status: 'ACTIVE', TaxComponents: [{ Rate: 0 }] },
      { TaxType: 'OLD', Status: 'DELETED', TaxComponents: [{ Rate: 12.5 }] },
    ],
    Item: [
      {
        Code: 'W',
        ItemID: 'i-w',
        Name: 'Widget',
        Description: 'Widget',
        SalesDetails: { UnitPrice: 25, AccountCode: '200', TaxType: 'OUTPUT2' },
      },
    ],
    TrackingCategory: [],
  };
  return { all: (k: EntityKind) => Promise.resolve(data[k] ?? []) } as unknown as OrgSession;
}

const opts = (amountTypes: 'Exclusive' | 'Inclusive' | 'NoTax', extra = {}) => ({
  amountTypes,
  side: 'sales' as const,
  unitdp: 2,
  requireAccount: true,
  allowDiscount: true,
  ...extra,
});

describe('computeLines', () => {
  it('Exclusive: tax per line rounded half up, totals from rounded lines', async () => {
    const t = await computeLines(
      session(),
      [
        { Description: 'a', Quantity: 3, UnitAmount: 19.99, AccountCode: '200' },
        { Description: 'b', Quantity: 1, UnitAmount: 0.05, AccountCode: '200' },
      ],
      opts('Exclusive'),
    );
    expect([t.SubTotal, t.TotalTax, t.Total]).toEqual([60.02, 9.01, 69.03]);
    expect(t.lines.map((l) => l.TaxAmount)).toEqual([9, 0.01]);
  });

  it('Inclusive: tax is amount × rate / (100 + rate)', async () => {
    const t = await computeLines(
      session(),
      [{ Description: 'a', Quantity: 1, UnitAmount: 10, AccountCode: '200' }],
      opts('Inclusive'),
    );
    expect([t.SubTotal, t.TotalTax, t.Total]).toEqual([8.7, 1.3, 10]);
  });

  it('NoTax: no tax at all', async () => {
    const t = await computeLines(
      session(),
      [{ Description: 'a', Quantity: 2, UnitAmount: 10.005, AccountCode: '200' }],
      opts('NoTax'),
    );
    expect([t.SubTotal, t.TotalTax, t.Total]).toEqual([20.02, 0, 20.02]);
  });

  it('keeps 4 dp unit amounts when asked (unitdp=4), rounding the line to cents', async () => {
    const t = await computeLines(
      session(),
      [{ Description: 'a', Quantity: 3, UnitAmount: 1.2345, AccountCode: '200' }],
      opts('NoTax', { unitdp: 4 }),
    );
    expect(t.lines[0].UnitAmount).toBe(1.2345);
    expect(t.lines[0].LineAmount).toBe(3.7);
  });

  it('applies discounts and item defaults', async () => {
    const t = await computeLines(session(), [{ ItemCode: 'W', Quantity: 2, DiscountRate: 10 }], opts('Exclusive'));
    expect(t.lines[0]).toEqual(
      expect.objectContaining({
        Description: 'Widget',
        UnitAmount: 25,
        LineAmount: 45,
        TaxAmount: 6.75,
        AccountCode: '200',
        DiscountRate: 10,
      }),
    );
    expect(t.TotalDiscount).toBe(5);
  });

  it('refuses unknown or inactive accounts and tax types', async () => {
    await expect(
      computeLines(session(), [{ Description: 'a', UnitAmount: 1, AccountCode: '999' }], opts('Exclusive')),
    ).rejects.toThrow(ElementValidationError);
    await expect(
      computeLines(session(), [{ Description: 'a', UnitAmount: 1, AccountCode: '499' }], opts('Exclusive')),
    ).rejects.toThrow(/archived/);
    await expect(
      computeLines(
        session(),
        [{ Description: 'a', UnitAmount: 1, AccountCode: '200', TaxType: 'OLD' }],
        opts('Exclusive'),
      ),
    ).rejects.toThrow(/not active/);
    await expect(computeLines(session(), [{ Description: 'a', UnitAmount: 1 }], opts('Exclusive'))).rejects.toThrow(
      /Account code must be specified/,
    );
  });

  it('reads LineAmountTypes case-insensitively and refuses others', () => {
    expect(lineAmountTypes('inclusive')).toBe('Inclusive');
    expect(lineAmountTypes(undefined)).toBe('Exclusive');
    expect(() => lineAmountTypes('Gross')).toThrow(ElementValidationError);
  });
});
