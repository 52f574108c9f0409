import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Section } from '../../components/ui/page';
import { formatBytes } from './format-bytes';
import { UsageChart } from './usage-chart';
import { useXeroUsage, XeroOrgUsage } from './use-xero-usage';

function OrgUsage({ usage }: { usage: XeroOrgUsage }) {
  const { rolling, forecast } = usage;
  return (
    <div className="usage-org" data-connection={usage.connectionId}>
      <h3>{usage.name}</h3>
      <dl className="usage-figures">
        <div>
          <dt>Calls, last 24 hours</dt>
          <dd data-figure="calls">{rolling.calls}</dd>
        </div>
        <div>
          <dt>Data, last 24 hours</dt>
          <dd data-figure="bytes">{formatBytes(rolling.bytesIn + rolling.bytesOut)}</dd>
        </div>
        <div>
          <dt>Calls left of Xero&apos;s day</dt>
          <dd data-figure="left">
            {usage.callsLeft} of {usage.dayLimit}
          </dd>
        </div>
        <div>
          <dt>Forecast</dt>
          <dd data-figure="forecast">
            {forecast.basisDays === 0
              ? 'not enough history yet'
              : `${forecast.callsPerDay} calls a day (${forecast.callsOfPlanPercent}% of your plan), ${formatBytes(forecast.bytesPerMonth)} a month (${forecast.bytesOfPlanPercent}%)`}
          </dd>
        </div>
      </dl>
      {forecast.overPlan && <p role="status">At this pace the organisation goes beyond the plan&apos;s fair use.</p>}
      <UsageChart days={usage.days} label={usage.name} />
    </div>
  );
}

/** Xero calls and data per organisation: Xero limits calls per rolling 24 h and bills apps by data. */
export function XeroUsageCard() {
  const usage = useXeroUsage();
  return (
    <Section
      title="Xero usage"
      id="overview-xero-usage"
      description="Xero counts its day limit over the last 24 hours, not the calendar day."
    >
      {usage.isPending && <Loading what="Xero usage" />}
      {usage.error && <ErrorAlert error={usage.error} title="Xero usage could not be loaded" />}
      {usage.data?.length === 0 && <p>No Xero organisation is connected.</p>}
      {usage.data?.map((u) => (
        <OrgUsage key={u.connectionId} usage={u} />
      ))}
    </Section>
  );
}
