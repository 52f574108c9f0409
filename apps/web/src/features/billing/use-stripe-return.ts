import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { BillingOverview } from '../../api/types';
import { hasSubscription } from './billing-labels';

const PORTAL_MARK = 'lb-billing-portal';
/** How long a return waits for Stripe's webhook before it says so (it keeps listening). */
const PATIENCE_MS = 90_000;
export const CONFIRM_POLL_MS = 1_500;

type Snapshot = Pick<BillingOverview, 'subscribedPlan' | 'interval' | 'status' | 'cancelAtPeriodEnd'>;
const snapshotOf = (b: BillingOverview): string =>
  JSON.stringify({
    subscribedPlan: b.subscribedPlan,
    interval: b.interval,
    status: b.status,
    cancelAtPeriodEnd: b.cancelAtPeriodEnd,
  } satisfies Snapshot);

/** Called just before the browser goes to the portal: what we knew, to see the change on return. */
export function rememberBeforePortal(b: BillingOverview | undefined): void {
  if (b) sessionStorage.setItem(PORTAL_MARK, snapshotOf(b));
}

export type StripeReturn =
  { kind: 'none' } | { kind: 'cancelled' } | { kind: 'confirming' | 'confirmed' | 'slow'; from: 'checkout' | 'portal' };

/**
 * Back from Checkout (success_url /billing?checkout=done, cancel_url ?checkout=cancelled) or the
 * portal (return_url /billing): Stripe tells us by webhook, which may land a moment after the
 * browser. While it has not, the billing query polls and the page says it is confirming.
 */
export function useStripeReturn(billing: BillingOverview | undefined): { state: StripeReturn; pollMs: number | false } {
  const [params] = useSearchParams();
  const checkout = params.get('checkout');
  // Read once, cleared after mounting (an initializer that cleared it would lose it when run twice).
  const [portalBefore] = useState<string | null>(() => sessionStorage.getItem(PORTAL_MARK));
  useEffect(() => sessionStorage.removeItem(PORTAL_MARK), []);
  const [slow, setSlow] = useState(false);
  const from = checkout === 'done' ? 'checkout' : portalBefore ? 'portal' : null;
  useEffect(() => {
    if (!from) return;
    const timer = setTimeout(() => setSlow(true), PATIENCE_MS);
    return () => clearTimeout(timer);
  }, [from]);

  if (checkout === 'cancelled') return { state: { kind: 'cancelled' }, pollMs: false };
  if (!from) return { state: { kind: 'none' }, pollMs: false };
  const arrived =
    !!billing &&
    (from === 'checkout' ? hasSubscription(billing) && !!billing.subscribedPlan : snapshotOf(billing) !== portalBefore);
  if (arrived) return { state: { kind: 'confirmed', from }, pollMs: false };
  // A portal visit that changed nothing stops listening after a while; a paid checkout keeps on.
  if (slow) return { state: { kind: 'slow', from }, pollMs: from === 'checkout' ? 10_000 : false };
  return { state: { kind: 'confirming', from }, pollMs: CONFIRM_POLL_MS };
}
