import { Link } from 'react-router';
import type { BillingOverview } from '../../api/types';
import { Section } from '../../components/ui/page';
import { planName } from './billing-labels';

/**
 * Flows switched on that the plan in force does not include (after a downgrade): paused on their
 * own, never deleted, each with what of the plan it goes beyond. They resume on a larger plan, or
 * once switched off or edited to fit.
 */
export function PausedFlowsSection({ billing }: { billing: BillingOverview }) {
  if (billing.pausedFlows.length === 0) return null;
  return (
    <Section
      title="Flows paused by your plan"
      id="billing-paused-flows"
      description={`The ${planName(billing.plan)} plan does not include these flows as they are set up. They are paused, not deleted: their changes wait and they resume when your plan includes them, or once you switch them off or change them to fit.`}
    >
      <ul className="compact-list" data-testid="billing-paused-flows">
        {billing.pausedFlows.map((f) => (
          <li key={`${f.integrationId}/${f.flowKey}`} data-flow={f.flowKey}>
            <Link to={`/integrations/${f.integrationId}/flows/${f.flowKey}`}>
              {f.integrationName}: {f.flowKey}
            </Link>{' '}
            — {f.reason}
          </li>
        ))}
      </ul>
    </Section>
  );
}
