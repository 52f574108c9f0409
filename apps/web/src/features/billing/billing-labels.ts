import type { BillingEntitlements, BillingOverview, BillingPrice } from '../../api/types';

export const PLAN_NAME: Record<string, string> = { starter: 'Starter', growth: 'Growth', scale: 'Scale' };
export const planName = (id: string | null | undefined): string =>
  id ? (PLAN_NAME[id] ?? id.charAt(0).toUpperCase() + id.slice(1)) : '—';

/** Stripe statuses that hold a subscription: plan changes go through the portal, not a new checkout. */
const LIVE = new Set(['trialing', 'active', 'past_due', 'unpaid', 'paused']);
export const hasSubscription = (b: Pick<BillingOverview, 'status'>): boolean => LIVE.has(b.status);

export const PHASE_LABEL: Record<BillingOverview['phase'], string> = {
  trial: 'Free trial',
  trial_expired: 'Trial ended',
  active: 'Active',
  past_due: 'Payment overdue',
  suspended: 'Paused for billing',
  canceled: 'Cancelled',
};

/** The badge's tone comes from StatusBadge's words: active is good, paused/expired warn, failed is bad. */
export const PHASE_TONE: Record<BillingOverview['phase'], string> = {
  trial: 'active',
  trial_expired: 'expired',
  active: 'active',
  past_due: 'pending',
  suspended: 'paused',
  canceled: 'failed',
};

/** Whole days left until `iso` (at least 0), counted up so "ends tomorrow evening" reads 1 day. */
export function daysLeft(iso: string, now = Date.now()): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 86_400_000));
}

/** "49.00 USD / month": the api's decimal text as it is, never through a float. */
export function priceText(p: BillingPrice): string {
  return `${p.amount} ${p.currency.toUpperCase()} / ${p.interval}`;
}

const count = new Intl.NumberFormat('en-GB');
export const formatCount = (n: number): string => count.format(n);

/** What a plan includes, in the words of the pricing table. */
export function includes(e: BillingEntitlements): string[] {
  const lines = [
    e.integrationPairs === null
      ? 'Unlimited integration pairs'
      : `${e.integrationPairs} integration pair${e.integrationPairs === 1 ? '' : 's'} (a Xero organisation with a Sage X3 company)`,
    e.entities.length <= 6
      ? 'Core records: customers, suppliers, products, accounts, tax codes and invoices'
      : 'Every record type: orders, shipments, bills, payments, credit notes, journals and stock too',
    e.realTime
      ? 'Real-time sync from Xero'
      : `Scheduled sync every ${Math.round(e.minPollSeconds / 60)} minutes or more`,
    ...(e.reconciliation ? ['Reconciliation of Xero against Sage X3'] : []),
    `${formatCount(e.recordsPerMonth)} synced records a month (fair use)`,
    ...(e.supportSla ? ['Support with a response-time commitment'] : []),
  ];
  return lines;
}
