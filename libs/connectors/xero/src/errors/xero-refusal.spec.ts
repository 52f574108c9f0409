import { XeroCallError, xeroRefusalOf } from './xero-call-error';

describe("xeroRefusalOf: Xero's words when it refused the request itself", () => {
  it('a 400 Xero explains (validation), a missing record and another permanent refusal are refusals, with their words', () => {
    const locked = new XeroCallError('validation', 'Xero refused the request', {
      status: 400,
      messages: ['The document date cannot be before the period lock date', 'second reason'],
    });
    expect(xeroRefusalOf(locked)).toBe('The document date cannot be before the period lock date; second reason');
    expect(xeroRefusalOf(new XeroCallError('not-found', 'Payment not found', { status: 404 }))).toBe(
      'Payment not found',
    );
    expect(xeroRefusalOf(new XeroCallError('permanent', 'Xero answered 403', { status: 403 }))).toBe(
      'Xero answered 403',
    );
  });

  it('a failure retrying or a person can fix, an unknown outcome, or not a Xero call is not one', () => {
    for (const kind of ['transient', 'rate-limited', 'auth', 'unknown-outcome'] as const) {
      expect([kind, xeroRefusalOf(new XeroCallError(kind, 'x', { messages: ['y'] }))]).toEqual([kind, undefined]);
    }
    expect(xeroRefusalOf(new Error('socket hang up'))).toBeUndefined();
    expect(xeroRefusalOf('validation')).toBeUndefined();
  });
});
