import type { BillingOverview } from '../src/api/types';
import { daysLeft, includes, priceText } from '../src/features/billing/billing-labels';
import { CONFIRM_POLL_MS, snapshotOf, stripeReturnState } from '../src/features/billing/stripe-return';

const trial = {
  phase: 'trial',
  plan: 'growth',
  status: 'none',
  subscribedPlan: null,
  interval: null,
  cancelAtPeriodEnd: false,
} as unknown as BillingOverview;
const starter = { ...trial, status: 'trialing', subscribedPlan: 'starter', interval: 'month' } as BillingOverview;

describe('billing: coming back from Stripe', () => {
  it('polls after a paid checkout until the webhook has given the tenant a subscription', () => {
    expect(stripeReturnState('done', null, undefined, false)).toEqual({
      state: { kind: 'confirming', from: 'checkout' },
      pollMs: CONFIRM_POLL_MS,
    });
    expect(stripeReturnState('done', null, trial, false).state.kind).toBe('confirming');
    expect(stripeReturnState('done', null, starter, false)).toEqual({
      state: { kind: 'confirmed', from: 'checkout' },
      pollMs: false,
    });
  });
  it('says so when Stripe is slow, and keeps listening after a checkout but not after the portal', () => {
    expect(stripeReturnState('done', null, trial, true)).toEqual({
      state: { kind: 'slow', from: 'checkout' },
      pollMs: 10_000,
    });
    expect(stripeReturnState(null, snapshotOf(starter), starter, true).pollMs).toBe(false);
  });
  it('after the portal, waits for anything the portal changes (plan, interval, status, cancellation)', () => {
    const before = snapshotOf(starter);
    expect(stripeReturnState(null, before, starter, false).state).toEqual({ kind: 'confirming', from: 'portal' });
    for (const after of [
      { ...starter, subscribedPlan: 'scale' },
      { ...starter, interval: 'year' },
      { ...starter, status: 'active' },
      { ...starter, cancelAtPeriodEnd: true },
    ]) {
      expect(stripeReturnState(null, before, after, false).state).toEqual({ kind: 'confirmed', from: 'portal' });
    }
  });
  it('a cancelled checkout and a plain visit do not poll', () => {
    expect(stripeReturnState('cancelled', null, trial, false)).toEqual({ state: { kind: 'cancelled' }, pollMs: false });
    expect(stripeReturnState(null, null, trial, false)).toEqual({ state: { kind: 'none' }, pollMs: false });
  });
});

describe('billing: plan wording', () => {
  it('shows the api’s decimal price as it is, with its currency and period', () => {
    expect(
      priceText({
        amount: '49.00',
        currency: 'usd',
        interval: 'month',
        lookupKey: 'starter_monthly',
        taxBehavior: null,
      }),
    ).toBe('49.00 USD / month');
  });
  it('counts trial days up, never below zero', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(daysLeft('2026-12-04T11:00:00Z', now)).toBe(2);
    expect(daysLeft('2026-12-01T00:00:00Z', now)).toBe(0);
  });
  it('says what each plan includes, pairs and fair use first and last', () => {
    const starterLines = includes({
      integrationPairs: 1,
      entities: ['customer', 'supplier', 'product', 'account', 'taxCode', 'invoice'],
      realTime: false,
      minPollSeconds: 900,
      reconciliation: false,
      recordsPerMonth: 5000,
      supportSla: false,
    });
    expect(starterLines[0]).toMatch(/^1 integration pair \(/);
    expect(starterLines).toContain('Scheduled sync every 15 minutes or more');
    expect(starterLines).toContain('5,000 synced records a month (fair use)');
    expect(
      includes({
        integrationPairs: null,
        entities: Array(13).fill('x'),
        realTime: true,
        minPollSeconds: 5,
        reconciliation: true,
        recordsPerMonth: 500000,
        supportSla: true,
      }),
    ).toEqual(
      expect.arrayContaining([
        'Unlimited integration pairs',
        'Real-time sync from Xero',
        'Support with a response-time commitment',
      ]),
    );
  });
});
