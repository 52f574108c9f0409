import { StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { AuditTable } from '../audit/audit-table';
import { useSupportView } from './use-staff';
import { ViewState } from './view-state';

export interface ViewProps {
  tenantId: string;
  grantId: string;
  onExpired: () => void;
}

const SYSTEM: Record<string, string> = { xero: 'Xero', x3: 'Sage X3' };

/** Xero organisations and X3 folders: names, ids and status; never a secret. */
export function ConnectionsView({ tenantId, grantId, onExpired }: ViewProps) {
  const q = useSupportView(tenantId, grantId, 'connections');
  return (
    <ViewState q={q} what="connections" onExpired={onExpired}>
      {(rows) => (
        <Table
          caption="Connections"
          rows={rows}
          rowKey={(c) => c.id}
          rowTestId={(c) => `connection-${c.system}`}
          empty="This tenant has no connections."
          columns={[
            { header: 'System', cell: (c) => SYSTEM[c.system] ?? c.system },
            { header: 'Name', cell: (c) => c.name },
            {
              header: 'Organisation id or folder',
              cell: (c) => (
                <span className="break">
                  {c.externalId}
                  {c.companies.length > 0 && <span className="muted small block">{c.companies.join(', ')}</span>}
                </span>
              ),
            },
            {
              header: 'Status',
              cell: (c) => (
                <>
                  <StatusBadge status={c.status} />
                  {c.statusReason && <span className="muted small block">{c.statusReason}</span>}
                </>
              ),
            },
            { header: 'Since', cell: (c) => formatDateTime(c.statusChangedAt) },
          ]}
        />
      )}
    </ViewState>
  );
}

/** Each integration with its flows: on or off, and how many changes are in each state. */
export function IntegrationsView({ tenantId, grantId, onExpired }: ViewProps) {
  const q = useSupportView(tenantId, grantId, 'integrations');
  return (
    <ViewState q={q} what="integrations" onExpired={onExpired}>
      {(rows) =>
        rows.length === 0 ? (
          <p className="empty">This tenant has no integrations.</p>
        ) : (
          rows.map((i) => (
            <section key={i.id} aria-label={`Integration ${i.name}`} className="stack">
              <h3>
                {i.name} <StatusBadge status={i.status} />
              </h3>
              <p className="muted small">
                Xero: {i.xeroName} ({i.xeroStatus}) · Sage X3: {i.x3Name}, company {i.x3Company} · {i.recordsPerMinute}{' '}
                records a minute lately
                {i.pauseReasons.length > 0 && ` · paused: ${i.pauseReasons.join(', ')}`}
              </p>
              <Table
                caption={`Flows of ${i.name}`}
                rows={i.flows}
                rowKey={(f) => f.flowKey}
                rowTestId={(f) => `flow-${f.flowKey}`}
                empty="No flows yet."
                columns={[
                  { header: 'Flow', cell: (f) => f.flowKey },
                  { header: 'Direction', cell: (f) => f.direction },
                  { header: 'State', cell: (f) => <StatusBadge status={f.enabled ? 'on' : 'off'} /> },
                  { header: 'Version', cell: (f) => f.activeVersion },
                  { header: 'Pending', cell: (f) => f.counts.pending + f.counts.claimed },
                  { header: 'Waiting', cell: (f) => f.counts.waiting },
                  { header: 'Held', cell: (f) => f.counts.held },
                  { header: 'Dead letters', cell: (f) => f.counts.dead },
                  { header: 'Done', cell: (f) => f.counts.done },
                ]}
              />
            </section>
          ))
        )
      }
    </ViewState>
  );
}

export function MembersView({ tenantId, grantId, onExpired }: ViewProps) {
  const q = useSupportView(tenantId, grantId, 'members');
  return (
    <ViewState q={q} what="members" onExpired={onExpired}>
      {(rows) => (
        <Table
          caption="Members"
          rows={rows}
          rowKey={(m) => m.membershipId}
          empty="No members."
          columns={[
            { header: 'Name', cell: (m) => m.displayName || '—' },
            { header: 'Role', cell: (m) => m.role },
            { header: 'Joined', cell: (m) => formatDateTime(m.joinedAt) },
          ]}
        />
      )}
    </ViewState>
  );
}

/** The tenant's audit log with actors by name (members, staff by email, system actors as written). */
export function AuditView({ tenantId, grantId, onExpired }: ViewProps) {
  const q = useSupportView(tenantId, grantId, 'audit');
  return (
    <ViewState q={q} what="the audit log" onExpired={onExpired}>
      {(entries) => (
        <AuditTable
          entries={entries}
          names={new Map(entries.filter((e) => e.actorId).map((e) => [e.actorId!, e.actorName]))}
        />
      )}
    </ViewState>
  );
}
