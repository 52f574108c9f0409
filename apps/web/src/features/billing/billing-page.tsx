import type { BillingOverview } from '../../api/types';
import { Alert, ErrorAlert, Loading, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { formatDateTime } from '../../lib/format';
import { useMember } from '../session/use-session';
import { ActivePairsSection } from './active-pairs-section';
import { daysLeft, formatCount, hasSubscription, PHASE_LABEL, PHASE_TONE, planName } from './billing-labels';
import { PausedFlowsSection } from './paused-flows-section';
import { PricingSection } from './pricing-section';
import { useBilling, usePortal } from './use-billing';
import { rememberBeforePortal, StripeReturn, useStripeReturn } from './use-stripe-return';

function ReturnNotice({ state, billing }: { state: StripeReturn; billing: BillingOverview | undefined }) {
  if (state.kind === 'none') return null;
  if (state.kind === 'cancelled')
    return (
      <Alert tone="info" title="Checkout was cancelled">
        Nothing was charged. Choose a plan whenever you are ready.
      </Alert>
    );
  if (state.kind === 'confirming')
    return (
      <p className="loading" role="status" data-testid="billing-confirming">
        <span className="spinner" aria-hidden="true" />{' '}
        {state.from === 'checkout' ? 'Confirming your payment with Stripe…' : 'Checking for changes made in billing…'}
      </p>
    );
  if (state.kind === 'slow')
    return (
      <Alert tone="info" title={state.from === 'checkout' ? 'Stripe has not confirmed yet' : 'No change seen yet'}>
        {state.from === 'checkout'
          ? 'Your payment is being confirmed; this page updates as soon as Stripe tells us. Nothing needs doing again.'
          : 'If you changed your plan or card, it shows here once Stripe tells us.'}
      </Alert>
    );
  return (
    <Alert
      tone="success"
      title={state.from === 'checkout' ? 'Thank you: your subscription is set up' : 'Billing updated'}
    >
      You are on the {planName(billing?.subscribedPlan)} plan
      {billing?.interval ? `, billed every ${billing.interval}` : ''}.
    </Alert>
  );
}

function Standing({ b }: { b: BillingOverview }) {
  return (
    <dl className="facts" data-testid="billing-standing">
      <dt>Standing</dt>
      <dd>
        <StatusBadge status={PHASE_TONE[b.phase]} label={PHASE_LABEL[b.phase]} />
      </dd>
      {hasSubscription(b) && (
        <>
          <dt>Subscribed plan</dt>
          <dd data-testid="billing-subscribed-plan">
            {planName(b.subscribedPlan)}
            {b.interval && `, ${b.interval === 'year' ? 'yearly' : 'monthly'}`}
          </dd>
        </>
      )}
      <dt>Plan in force</dt>
      <dd data-testid="billing-plan">
        {planName(b.plan)}
        {b.phase === 'trial' && ' (every trial has Growth’s features)'}
      </dd>
      {b.phase === 'trial' && b.trialEndsAt && (
        <>
          <dt>Trial</dt>
          <dd>
            {daysLeft(b.trialEndsAt)} days left, ends {formatDateTime(b.trialEndsAt)}
          </dd>
        </>
      )}
      {b.phase === 'past_due' && b.graceUntil && (
        <>
          <dt>Payment</dt>
          <dd>
            Your last payment failed. Sync carries on until {formatDateTime(b.graceUntil)}; update your card before
            then.
          </dd>
        </>
      )}
      {!b.syncAllowed && (
        <>
          <dt>Sync</dt>
          <dd>Paused for billing. Changes wait safely and are sent once billing is in order: nothing is lost.</dd>
        </>
      )}
      {b.currentPeriodEnd && (
        <>
          <dt>{b.cancelAtPeriodEnd ? 'Ends' : 'Renews'}</dt>
          <dd>{formatDateTime(b.currentPeriodEnd)}</dd>
        </>
      )}
      {b.taxId && (
        <>
          <dt>VAT or GST number</dt>
          <dd>{b.taxId}</dd>
        </>
      )}
    </dl>
  );
}

function Usage({ b }: { b: BillingOverview }) {
  const pairs = b.usage.integrationPairs;
  const records = b.usage.recordsThisMonth;
  return (
    <dl className="facts" data-testid="billing-usage">
      <dt>Integration pairs</dt>
      <dd data-figure="pairs">
        {pairs.used} of {pairs.limit === null ? 'unlimited' : pairs.limit}
      </dd>
      <dt>Records synced this month</dt>
      <dd data-figure="records">
        {formatCount(records.used)} of {formatCount(records.limit)} (fair use, since {formatDateTime(records.since)})
      </dd>
      <dt>Fair use</dt>
      <dd data-figure="fair-use">
        {records.paused
          ? `Writes wait: past ${formatCount(records.stopAt)} records this month. They resume next month or on a larger plan; nothing is lost.`
          : `Writes pause at ${formatCount(records.stopAt)} records this month (the allowance and a 10% grace).`}
      </dd>
    </dl>
  );
}

/** Plans and prices, the tenant's standing and usage; owners subscribe and manage billing, others read. */
export function BillingPage() {
  const { isOwner } = useMember();
  // The first answer decides whether to poll; the hook below re-reads with the poll it asks for.
  const first = useBilling();
  const { state, pollMs } = useStripeReturn(first.data);
  const billing = useBilling(pollMs);
  const portal = usePortal();
  const b = billing.data;
  return (
    <Page
      title="Billing"
      lead="One price per plan, by the number of integration pairs: no per-transaction fees."
      actions={
        isOwner && b?.hasCustomer ? (
          <Button
            variant="secondary"
            busy={portal.isPending}
            onClick={() => {
              rememberBeforePortal(b);
              portal.mutate();
            }}
          >
            Manage billing
          </Button>
        ) : undefined
      }
    >
      {!isOwner && (
        <ReadOnlyNote>
          Only owners change billing. You can see the plan and usage here; ask an owner of this organisation to choose
          or change the plan.
        </ReadOnlyNote>
      )}
      <ReturnNotice state={state} billing={b} />
      <ErrorAlert error={portal.error} title="The billing portal could not be opened" />
      <Section title="Your plan" id="billing-current">
        {billing.isPending && <Loading what="your plan" />}
        <ErrorAlert error={billing.error} title="Billing could not be loaded" />
        {b && <Standing b={b} />}
        {isOwner && b?.hasCustomer && (
          <p className="small muted">
            Manage billing opens Stripe: change plan, update your card, see invoices or cancel.
          </p>
        )}
      </Section>
      <Section title="Usage" id="billing-usage" description="Against what your plan includes.">
        {b && <Usage b={b} />}
      </Section>
      {b && <ActivePairsSection billing={b} isOwner={isOwner} />}
      {b && <PausedFlowsSection billing={b} />}
      <PricingSection billing={b} isOwner={isOwner} />
    </Page>
  );
}
