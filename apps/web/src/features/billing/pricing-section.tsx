import { useState } from 'react';
import type { BillingOverview } from '../../api/types';
import { Alert, ErrorAlert, Loading } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Section } from '../../components/ui/page';
import { hasSubscription, includes, priceText } from './billing-labels';
import { useCheckout, usePlans } from './use-billing';

type Interval = 'month' | 'year';

/** The plans side by side with both prices; owners choose one here (Stripe Checkout) until subscribed. */
export function PricingSection({ billing, isOwner }: { billing: BillingOverview | undefined; isOwner: boolean }) {
  const plans = usePlans();
  const checkout = useCheckout();
  const [interval, setInterval] = useState<Interval>('month');
  const subscribed = billing ? hasSubscription(billing) : false;
  return (
    <Section
      title="Plans"
      id="billing-plans"
      description="Simple and transparent: you pay for the integration pairs you run, monthly or yearly. No per-transaction fees, no set-up fee."
    >
      {plans.isPending && <Loading what="plans" />}
      <ErrorAlert error={plans.error} title="The plans could not be loaded" />
      {plans.data && (
        <>
          <fieldset className="radio-group interval-choice">
            <legend>Billing period</legend>
            {(['month', 'year'] as const).map((i) => (
              <label key={i}>
                <input
                  type="radio"
                  name="billing-interval"
                  value={i}
                  checked={interval === i}
                  onChange={() => setInterval(i)}
                />{' '}
                {i === 'month' ? 'Monthly' : 'Yearly'}
              </label>
            ))}
          </fieldset>
          {!plans.data[0]?.pricesAvailable && (
            // Stripe holds the prices: without it no plan can be chosen, but nothing of ours changes.
            <Alert tone="warning" title="Prices cannot be shown just now">
              Stripe, which takes our payments, is not answering
              {isOwner && !subscribed ? ', so a plan cannot be chosen until it does' : ''}. Your plan and sync carry on
              as they are; try again in a few minutes. What each plan includes is below.
            </Alert>
          )}
          <ul className="plan-grid">
            {plans.data.map((plan) => {
              const price = plan.prices.find((p) => p.interval === interval);
              const current = billing?.subscribedPlan === plan.id && hasSubscription(billing);
              return (
                <li key={plan.id} className={`plan-card${current ? ' plan-current' : ''}`} data-plan={plan.id}>
                  <h3>
                    {plan.name}
                    {current && <span className="badge badge-good">Your plan</span>}
                  </h3>
                  <p className="plan-price" data-price={price?.lookupKey}>
                    {price ? priceText(price) : 'Price unavailable'}
                    {price?.taxBehavior === 'exclusive' && <span className="small muted"> plus tax</span>}
                  </p>
                  <ul className="compact-list">
                    {includes(plan.entitlements).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                  {isOwner && !subscribed && (
                    <Button
                      variant="primary"
                      aria-label={`Choose ${plan.name}, ${interval === 'month' ? 'monthly' : 'yearly'}`}
                      busy={checkout.isPending && checkout.variables?.plan === plan.id}
                      disabled={checkout.isPending || !price}
                      onClick={() => checkout.mutate({ plan: plan.id, interval })}
                    >
                      Choose plan
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
          {isOwner && subscribed && (
            <p>To change plan, use Manage billing above: the change applies to your current subscription.</p>
          )}
          <ErrorAlert error={checkout.error} title="Checkout could not be opened" />
        </>
      )}
    </Section>
  );
}
