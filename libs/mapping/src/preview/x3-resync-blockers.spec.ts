import { x3BlockerOf } from './x3-resync-blockers';

describe('X3 records a xero-to-x3 resync leaves alone', () => {
  it('leaves a validated or paid supplier invoice, and changes a pending one', () => {
    expect(x3BlockerOf('bill', { status: 'validated', paidAmount: '0.00' })).toMatchObject({ reason: 'posted' });
    expect(x3BlockerOf('bill', { status: 'validated', paidAmount: '10.00' })).toMatchObject({ reason: 'paid' });
    expect(x3BlockerOf('bill', { status: 'pending', paidAmount: '0' })).toBeUndefined();
    // a supplier credit memo is a PINVOICE too
    expect(x3BlockerOf('creditNote', { status: 'validated', paidAmount: '0' })).toMatchObject({ reason: 'posted' });
  });

  it('never changes an X3 payment, and leaves inactive partners closed', () => {
    expect(x3BlockerOf('payment', { status: 'accepted' })).toEqual({
      reason: 'posted',
      detail: 'Entered in X3 (status accepted): a payment is never changed, only reversed',
    });
    expect(x3BlockerOf('supplier', { isActive: false })).toMatchObject({ reason: 'closed' });
    expect(x3BlockerOf('customer', { isActive: true })).toBeUndefined();
  });
});
