import { Link, useLocation } from 'react-router';
import type { BillingBanner } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { hasSubscription, planName } from './billing-labels';
import { useBilling } from './use-billing';

const TONE: Record<BillingBanner['kind'], 'warning' | 'error' | 'info'> = {
  trial_ending: 'warning',
  trial_expired: 'error',
  past_due: 'error',
  suspended: 'error',
  cancel_at_period_end: 'info',
  canceled: 'error',
  fair_use_exceeded: 'info',
  fair_use_paused: 'warning',
};

/** The api's billing banners on every member page, each with the way to the Billing page. */
export function BillingBanners() {
  const billing = useBilling();
  const here = useLocation().pathname === '/billing';
  const data = billing.data;
  const banners = data?.banners ?? [];
  // A trial that already has a subscription behind it (paid early at Checkout) needs no call to action.
  const message = (b: BillingBanner) =>
    b.kind === 'trial_ending' && data && hasSubscription(data)
      ? `Your trial ends soon; your ${planName(data.subscribedPlan)} subscription carries on from then`
      : b.message;
  if (banners.length === 0) return null;
  return (
    <div className="billing-banners">
      {banners.map((b) => (
        // role=status even for the urgent ones: they are standing notices, not a reply to an action.
        <div key={b.kind} className={`alert alert-${TONE[b.kind]}`} role="status" data-banner={b.kind}>
          <p>
            {message(b)}
            {b.until && <> (until {formatDateTime(b.until)})</>}. {!here && <Link to="/billing">Go to Billing</Link>}
          </p>
        </div>
      ))}
    </div>
  );
}
