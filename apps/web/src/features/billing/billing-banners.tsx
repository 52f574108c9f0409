import { Link, useLocation } from 'react-router';
import type { BillingBanner } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { useBilling } from './use-billing';

const TONE: Record<BillingBanner['kind'], 'warning' | 'error' | 'info'> = {
  trial_ending: 'warning',
  trial_expired: 'error',
  past_due: 'error',
  suspended: 'error',
  cancel_at_period_end: 'info',
  canceled: 'error',
  fair_use_exceeded: 'info',
};

/** The api's billing banners on every member page, each with the way to the Billing page. */
export function BillingBanners() {
  const billing = useBilling();
  const here = useLocation().pathname === '/billing';
  const banners = billing.data?.banners ?? [];
  if (banners.length === 0) return null;
  return (
    <div className="billing-banners">
      {banners.map((b) => (
        // role=status even for the urgent ones: they are standing notices, not a reply to an action.
        <div key={b.kind} className={`alert alert-${TONE[b.kind]}`} role="status" data-banner={b.kind}>
          <p>
            {b.message}
            {b.until && <> (until {formatDateTime(b.until)})</>}. {!here && <Link to="/billing">Go to Billing</Link>}
          </p>
        </div>
      ))}
    </div>
  );
}
