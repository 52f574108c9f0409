import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { BillingOverview } from '../../api/types';
import { snapshotOf, StripeReturn, stripeReturnState } from './stripe-return';

export type { StripeReturn } from './stripe-return';

const PORTAL_MARK = 'lb-billing-portal';
/** How long a return waits for Stripe's webhook before it says so (it keeps listening). */
const PATIENCE_MS = 90_000;

/** Called just before the browser goes to the portal: what we knew, to see the change on return. */
export function rememberBeforePortal(b: BillingOverview | undefined): void {
  if (b) sessionStorage.setItem(PORTAL_MARK, snapshotOf(b));
}

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

  return stripeReturnState(checkout, portalBefore, billing, slow);
}
