import type { Payment } from '#lb/mapping';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { DrainContext } from './drain-context';
import { entityPlanOf, waitingKeyOf } from './entity-plans';
import { DRAIN_XERO_ADAPTERS, paymentPartsOf, screenPaymentVerdicts } from './payment-sets';

type Json = Record<string, unknown>;
const ctx = { baseCurrency: 'NZD' };
const receipt = (allocations: Payment['allocations'], amount: string): Payment => ({
  entity: 'payment',
  key: 'PAY001',
  direction: 'received',
  partyKey: 'C1',
  date: '2026-11-20',
  currency: 'NZD',
  amount,
  bankAccount: '090',
  status: 'authorised',
  allocations,
});
const toXero = (p: Payment) => DRAIN_XERO_ADAPTERS.payment.toXero(p, ctx) as unknown as Record<string, unknown>;
const context = { mapping: { version: 3 } } as unknown as DrainContext;
const change = { id: 'c1', sourceKey: 'PAY001' } as SyncPendingChange;

describe('a payment set in the drain', () => {
  it('names each document by a placeholder its parts are read from, then resolves them to the Xero ids', () => {
    const p = receipt(
      [
        { documentKey: 'F1', documentType: 'invoice', amount: '100.00' },
        { documentKey: 'F2', documentType: 'invoice', amount: '20.55' },
      ],
      '120.55',
    );
    const payload = toXero(p);
    expect(paymentPartsOf(payload)).toEqual([
      { partKey: 'invoice:F1', amount: '100' },
      { partKey: 'invoice:F2', amount: '20.55' },
    ]);
    entityPlanOf('payment')!.resolve(payload, p, (d) => `xero-${waitingKeyOf(d)}`);
    expect((payload.payments as Array<{ invoice: unknown }>).map((x) => x.invoice)).toEqual([
      { invoiceID: 'xero-invoice:F1' },
      { invoiceID: 'xero-invoice:F2' },
    ]);
  });

  it('carries a remainder as an overpayment part after the Payments, a payment on no document as a prepayment; holds one with no bank account for it', () => {
    const over = receipt([{ documentKey: 'F1', documentType: 'invoice', amount: '100.00' }], '130.01');
    expect(paymentPartsOf(toXero(over))).toEqual([
      { partKey: 'invoice:F1', amount: '100' },
      { partKey: 'overpayment', amount: '30.01' },
    ]);
    const advance = receipt([], '250.00');
    const withAccount = { ...toXero(advance), bankAccount: { code: '090' } };
    expect(paymentPartsOf(withAccount)).toEqual([{ partKey: 'prepayment', amount: '250.00' }]);
    // the credit is the contact's: the customer is a prerequisite of a remainder only
    expect(entityPlanOf('payment')!.prerequisites(advance)).toEqual([{ entity: 'customer', key: 'C1' }]);
    const [kept, held] = screenPaymentVerdicts(
      [withAccount, toXero(advance)].map((payload) => ({ change, kind: 'mapped' as const, record: advance, payload })),
      context,
    );
    expect(kept.kind).toBe('mapped');
    expect(held).toMatchObject({ kind: 'settle', settlement: { kind: 'held', mappingVersion: 3 } });
    const outcome = (held as { settlement: { outcome: { messages: string[] } } }).settlement.outcome;
    expect(outcome.messages[0]).toMatch(/no Xero bank account was mapped for its prepayment of 250\.00 NZD/);
  });

  it('carries a credit note applied within the payment as a credit part beside the cash, resolved to the Xero ids; skips a draft', () => {
    const credited = receipt(
      [
        { documentKey: 'F1', documentType: 'invoice', amount: '100.00' },
        { documentKey: 'A1', documentType: 'creditNote', amount: '-10.00' },
      ],
      '90.00',
    );
    const payload = toXero(credited);
    expect(paymentPartsOf(payload)).toEqual([
      { partKey: 'invoice:F1', amount: '90' },
      { partKey: 'credit:creditNote:A1>invoice:F1', amount: '10' },
    ]);
    expect(entityPlanOf('payment')!.prerequisites(credited)).toEqual([
      { entity: 'invoice', key: 'F1' },
      { entity: 'creditNote', key: 'A1' },
    ]);
    entityPlanOf('payment')!.resolve(payload, credited, (d) => `xero-${waitingKeyOf(d)}`);
    expect(payload.creditAllocations).toEqual([
      {
        creditNote: { creditNoteID: 'xero-creditNote:A1' },
        invoice: { invoiceID: 'xero-invoice:F1' },
        amount: 10,
        date: '2026-11-20',
      },
    ]);
    const draft = { ...receipt([{ documentKey: 'F1', documentType: 'invoice', amount: '1.00' }], '1.00') };
    draft.status = 'draft';
    const verdicts = screenPaymentVerdicts(
      [credited, draft].map((record) => ({ change, kind: 'mapped' as const, record, payload: toXero(record) })),
      context,
    );
    const [b, c] = verdicts.map((v) => (v.kind === 'settle' ? (v.settlement as Json) : undefined));
    expect(verdicts[0].kind).toBe('mapped');
    expect(b).toBeUndefined();
    expect(c).toMatchObject({ kind: 'done', outcome: { action: 'skipped' } });
  });
});
