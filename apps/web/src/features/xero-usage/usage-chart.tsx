import type { XeroOrgUsage } from './use-xero-usage';
import { formatBytes } from './format-bytes';

type Day = XeroOrgUsage['days'][number];

const HEIGHT = 80;
const BAR = 14;
const GAP = 4;

/** Calls per UTC day as bars; the table below says the same in text for screen readers and copy. */
export function UsageChart({ days, label }: { days: Day[]; label: string }) {
  const max = Math.max(1, ...days.map((d) => d.calls));
  const width = days.length * (BAR + GAP);
  return (
    <figure className="usage-chart">
      <svg
        role="img"
        aria-label={`${label}: calls per day, highest ${max}`}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        preserveAspectRatio="none"
      >
        {days.map((d, i) => {
          const h = Math.round((d.calls / max) * (HEIGHT - 2));
          return (
            <rect key={d.date} x={i * (BAR + GAP)} y={HEIGHT - h} width={BAR} height={h} className="usage-bar">
              <title>{`${d.date}: ${d.calls} calls`}</title>
            </rect>
          );
        })}
      </svg>
      <details>
        <summary>Per day as a table</summary>
        <table className="usage-table">
          <caption className="visually-hidden">{label}: Xero calls and bytes per UTC day</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Calls</th>
              <th scope="col">Received</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <th scope="row">{d.date}</th>
                <td>{d.calls}</td>
                <td>{formatBytes(d.bytesIn)}</td>
                <td>{formatBytes(d.bytesOut)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
