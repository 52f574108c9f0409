import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { AuditEntry } from './use-audit';

const ACTOR: Record<string, string> = { user: 'User', staff: 'Ledgerbridge support', system: 'System' };

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details ?? {})
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

export function actorLabel(e: AuditEntry, names: Map<string, string> = new Map()): string {
  const staffEmail = e.actorKind === 'staff' && typeof e.details?.staff === 'string' ? e.details.staff : undefined;
  const who = staffEmail ?? (e.actorId ? (names.get(e.actorId) ?? e.actorId) : '');
  return `${ACTOR[e.actorKind] ?? e.actorKind}${who ? ` ${who}` : ''}`;
}

export function AuditTable({
  entries,
  names,
  caption = 'Audit log',
}: {
  entries: AuditEntry[];
  names?: Map<string, string>;
  caption?: string;
}) {
  return (
    <Table
      caption={caption}
      rows={entries}
      rowKey={(e) => e.id}
      rowTestId={(e) => `audit-${e.action}`}
      empty="No entries match."
      columns={[
        { header: 'When', cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time> },
        {
          header: 'Who',
          cell: (e) => (
            <span className="break" data-actor-kind={e.actorKind}>
              {actorLabel(e, names)}
            </span>
          ),
        },
        { header: 'Action', cell: (e) => <code>{e.action}</code> },
        {
          header: 'Target',
          cell: (e) => (
            <span className="break">{e.targetType ? `${e.targetType}${e.targetId ? ` ${e.targetId}` : ''}` : '—'}</span>
          ),
        },
        { header: 'Details', cell: (e) => <span className="break">{detailsText(e.details) || '—'}</span> },
        { header: 'From', cell: (e) => <span className="break">{e.ipAddress ?? '—'}</span> },
      ]}
    />
  );
}
