// What an allocation does, decided on the two documents as Xero holds them (pure: no call).
import Decimal from 'decimal.js';
import { planAllocation, XeroCredit, XeroCredited } from './credit-allocation-xero';

const facts = { baseCurrency: 'NZD', lockDates: {} };
const what = { note: 'SCM1', document: 'invoice SIH1' };
const credit = (over: Partial<XeroCredit> = {}): XeroCredit => ({
  status: 'AUTHORISED',
  remainingCredit: new Decimal('46.00'),
  currency: 'NZD',
  date: '2026-11-12',
  allocations: [],
  ...over,
});
const invoice = (over: Partial<XeroCredited> = {}): XeroCredited => ({
  status: 'AUTHORISED',
  amountDue: new Decimal('115.00'),
  date: '2026-11-10',
  ...over,
});

describe('planAllocation', () => {
  it('allocates min(remaining credit, amount due), dated the later of the two documents', () => {
    expect(planAllocation(credit(), invoice(), 'I1', facts, what)).toEqual({
      kind: 'send',
      amount: '46.00',
      date: '2026-11-12',
    });
    const due = invoice({ amountDue: new Decimal('23.00'), date: '2026-11-20' });
    expect(planAllocation(credit(), due, 'I1', facts, what)).toEqual({
      kind: 'send',
      amount: '23.00',
      date: '2026-11-20',
    });
  });

  it('takes an allocation Xero already holds on the note for that invoice, whatever the documents say now', () => {
    const held = credit({
      remainingCredit: new Decimal(0),
      status: 'PAID',
      allocations: [{ allocationId: 'A1', invoiceId: 'I1', amount: '46.00' }],
    });
    expect(planAllocation(held, invoice({ status: 'PAID' }), 'I1', facts, what)).toEqual({
      kind: 'found',
      allocationId: 'A1',
      amount: '46.00',
    });
  });

  it('waits for a draft note or document; holds a paid, voided or lock-dated one', () => {
    expect(planAllocation(credit({ status: 'DRAFT' }), invoice(), 'I1', facts, what)).toMatchObject({
      kind: 'wait',
      on: 'creditNote',
    });
    expect(planAllocation(credit(), invoice({ status: 'SUBMITTED' }), 'I1', facts, what)).toMatchObject({
      kind: 'wait',
      on: 'document',
    });
    for (const inv of [invoice({ status: 'PAID', amountDue: new Decimal(0) }), invoice({ status: 'VOIDED' })]) {
      expect(planAllocation(credit(), inv, 'I1', facts, what).kind).toBe('held');
    }
    expect(planAllocation(credit({ status: 'VOIDED' }), invoice(), 'I1', facts, what).kind).toBe('held');
    const locked = planAllocation(credit(), invoice(), 'I1', { ...facts, lockDate: '2026-11-12' }, what);
    expect(locked).toMatchObject({ kind: 'held', proposal: expect.stringMatching(/after 2026-11-12/) });
  });

  it('has nothing to do for a note with no credit left', () => {
    expect(planAllocation(credit({ remainingCredit: new Decimal(0) }), invoice(), 'I1', facts, what).kind).toBe(
      'nothing',
    );
  });
});
