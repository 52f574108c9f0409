import type { BillingOverview } from '../../api/types';
import { hasSubscription } from './billing-labels';

export const CONFIRM_POLL_MS = 1_500;

export type StripeReturn =
  { kind: 'none' } | { kind: 'cancelled' } | { kind: 'confirming' | 'confirmed' | 'slow'; from: 'checkout' | 'portal' };

type Snapshot = Pick<BillingOverview, 'subscribedPlan' | 'interval' | 'status' | 'cancelAtPeriodEnd'>;

/** What the portal can change, as text to compare before and after. */
export const snapshotOf = (b: BillingOverview): string =>
  JSON.stringify({
    subscribedPlan: b.subscribedPlan,
    interval: b.interval,
    status: b.status,
    cancelAtPeriodEnd: b.cancelAtPeriodEnd,
  } satisfies Snapshot);

/**
 * Where a return from Stripe stands: `checkout` is the query's checkout=…, `portalBefore` the
 * snapshot taken when the portal was opened, `slow` whether our patience ran out.
 */
export function stripeReturnState(
  checkout: string | null,
  portalBefore: string | null,
  billing: BillingOverview | undefined,
  slow: boolean,
): { state: StripeReturn; pollMs: number | false } {
  if (checkout === 'cancelled') return { state: { kind: 'cancelled' }, pollMs: false };
  const from = checkout === 'done' ? 'checkout' : portalBefore ? 'portal' : null;
  if (!from) return { state: { kind: 'none' }, pollMs: false };
  const arrived =
    !!billing &&
    (from === 'checkout' ? hasSubscription(billing) && !!billing.subscribedPlan : snapshotOf(billing) !== portalBefore);
  if (arrived) return { state: { kind: 'confirmed', from }, pollMs: false };
  // A portal visit that changed nothing stops listening after a while; a paid checkout keeps on.
  if (slow) return { state: { kind: 'slow', from }, pollMs: from === 'checkout' ? 10_000 : false };
  return { state: { kind: 'confirming', from }, pollMs: CONFIRM_POLL_MS };
}
