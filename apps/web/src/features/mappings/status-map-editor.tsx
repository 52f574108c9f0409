import { useState } from 'react';
import { Button } from '../../components/ui/button';
import { StatusMap, XERO_STATUSES } from './mapping-draft';

/** Source status → Xero status (or skip); what an unlisted status does. PAID is never offered. */
export function StatusMapEditor({
  map,
  readOnly,
  onChange,
}: {
  map: StatusMap | undefined;
  readOnly: boolean;
  onChange: (next: StatusMap | undefined) => void;
}) {
  const [code, setCode] = useState('');
  const entries = Object.entries(map?.entries ?? {});
  const current = map ?? { entries: {} };
  return (
    <div className="status-map">
      {entries.length === 0 && <p className="empty">No status map: the adapter's status is kept.</p>}
      {entries.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Status map</caption>
            <thead>
              <tr>
                <th scope="col">Source status</th>
                <th scope="col">Xero status</th>
                {!readOnly && (
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {entries.map(([from, to]) => (
                <tr key={from}>
                  <td>{from}</td>
                  <td>
                    <select
                      aria-label={`Xero status for ${from}`}
                      value={to}
                      disabled={readOnly}
                      onChange={(e) =>
                        onChange({ ...current, entries: { ...current.entries, [from]: e.target.value } })
                      }
                    >
                      {XERO_STATUSES.map((s) => (
                        <option key={s}>{s}</option>
                      ))}
                    </select>
                  </td>
                  {!readOnly && (
                    <td>
                      <Button
                        variant="link"
                        aria-label={`Remove ${from}`}
                        onClick={() => {
                          const { [from]: _gone, ...rest } = current.entries;
                          onChange(Object.keys(rest).length ? { ...current, entries: rest } : undefined);
                        }}
                      >
                        Remove
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!readOnly && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!code.trim()) return;
            onChange({ ...current, entries: { ...current.entries, [code.trim()]: 'DRAFT' } });
            setCode('');
          }}
        >
          <label htmlFor="status-code">Add a source status</label>
          <input id="status-code" value={code} onChange={(e) => setCode(e.target.value)} />
          <Button type="submit">Add</Button>
        </form>
      )}
      {map && (
        <div className="field">
          <label htmlFor="status-otherwise">Any other status</label>
          <select
            id="status-otherwise"
            value={map.otherwise ?? 'keep'}
            disabled={readOnly}
            onChange={(e) => onChange({ ...map, otherwise: e.target.value === 'keep' ? undefined : e.target.value })}
          >
            <option value="keep">keep the adapter's status</option>
            {XERO_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
