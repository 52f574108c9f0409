import { activeIntegrations, AccountFacts, standingOf } from './standing';
import { planOfLookupKey } from './plans';

const S = { trialDays: 14, graceDays: 7 };
const DAY = 86_400_000;
const created = new Date('2026-11-01T00:00:00Z');
const at = (days: number) => new Date(created.getTime() + days * DAY);
const account = (over: Partial<AccountFacts>): AccountFacts => ({
  status: 'active',
  plan: 'starter',
  trialEnd: null,
  currentPeriodEnd: null,
  cancelAtPeriodEnd: false,
  graceUntil: null,
  ...over,
});

describe('billing standing', () => {
  it('gives a new tenant the Growth trial from sign-up, and pauses once it ends without a subscription', () => {
    const during = standingOf(null, created, at(3), S);
    expect(during).toMatchObject({
      phase: 'trial',
      plan: 'growth',
      syncAllowed: true,
      trialEndsAt: at(14).toISOString(),
    });
    expect(during.entitlements.realTime).toBe(true);
    expect(standingOf(null, created, at(12), S).banners.map((b) => b.kind)).toEqual(['trial_ending']);
    const after = standingOf(null, created, at(15), S);
    expect(after).toMatchObject({ phase: 'trial_expired', syncAllowed: false });
    expect(after.banners[0].kind).toBe('trial_expired');
  });

  it("keeps Growth's entitlements during a Stripe trial whatever plan was picked", () => {
    const s = standingOf(account({ status: 'trialing', plan: 'starter', trialEnd: at(10) }), created, at(5), S);
    expect(s).toMatchObject({ phase: 'trial', plan: 'growth', syncAllowed: true });
    expect(standingOf(account({ status: 'paused', trialEnd: at(10) }), created, at(11), S).syncAllowed).toBe(false);
  });

  it('syncs through the grace period of a past-due subscription with a banner, then pauses', () => {
    const due = account({ status: 'past_due', plan: 'growth', graceUntil: at(20) });
    const grace = standingOf(due, created, at(18), S);
    expect(grace).toMatchObject({ phase: 'past_due', syncAllowed: true, graceUntil: at(20).toISOString() });
    expect(grace.banners[0]).toMatchObject({ kind: 'past_due', until: at(20).toISOString() });
    expect(standingOf(due, created, at(21), S)).toMatchObject({ phase: 'suspended', syncAllowed: false });
    expect(standingOf(account({ status: 'unpaid' }), created, at(21), S).syncAllowed).toBe(false);
  });

  it('applies the paid plan when active and says when a cancellation takes effect', () => {
    const s = standingOf(
      account({ plan: 'scale', cancelAtPeriodEnd: true, currentPeriodEnd: at(40) }),
      created,
      at(30),
      S,
    );
    expect(s).toMatchObject({ phase: 'active', plan: 'scale', syncAllowed: true });
    expect(s.entitlements.integrationPairs).toBeNull();
    expect(s.banners[0]).toMatchObject({ kind: 'cancel_at_period_end', until: at(40).toISOString() });
    expect(standingOf(account({ status: 'canceled' }), created, at(50), S)).toMatchObject({
      phase: 'canceled',
      syncAllowed: false,
    });
  });

  it('treats a checkout that never completed as no subscription (the sign-up trial decides)', () => {
    expect(standingOf(account({ status: 'incomplete' }), created, at(2), S).phase).toBe('trial');
    expect(standingOf(account({ status: 'incomplete_expired' }), created, at(20), S).phase).toBe('trial_expired');
  });

  it("keeps the owner's chosen pairs first, then the oldest, up to the plan's number; none when sync is not allowed", () => {
    const starter = standingOf(account({ plan: 'starter' }), created, at(30), S);
    expect([...activeIntegrations(['a', 'b', 'c'], null, starter)]).toEqual(['a']);
    expect([...activeIntegrations(['a', 'b', 'c'], ['c'], starter)]).toEqual(['c']);
    expect([...activeIntegrations(['a', 'b'], ['gone'], starter)]).toEqual(['a']);
    const growth = standingOf(account({ plan: 'growth' }), created, at(30), S);
    expect([...activeIntegrations(['a', 'b', 'c', 'd'], ['d'], growth)]).toEqual(['d', 'a', 'b']);
    expect(activeIntegrations(['a'], null, standingOf(null, created, at(20), S)).size).toBe(0);
  });

  it('reads only our lookup keys', () => {
    expect(planOfLookupKey('growth_yearly')).toEqual({ plan: 'growth', interval: 'year' });
    expect(planOfLookupKey('starter_monthly')).toEqual({ plan: 'starter', interval: 'month' });
    expect(planOfLookupKey('enterprise_monthly')).toBeNull();
    expect(planOfLookupKey(null)).toBeNull();
  });
});
