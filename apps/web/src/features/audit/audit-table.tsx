import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { actionName, detailsText, targetName } from './audit-labels';
import { AuditEntry } from './use-audit';

const ACTOR: Record<string, string> = { user: 'User', staff: 'Ledgerbridge support', system: 'System' };

export function actorLabel(e: AuditEntry, names: Map<string, string> = new Map()): string {
  const staffEmail = e.actorKind === 'staff' && typeof e.details?.staff === 'string' ? e.details.staff : undefined;
  // An id nobody here knows (a removed member) names no one: the kind alone says enough.
  const who = staffEmail ?? (e.actorId ? (names.get(e.actorId) ?? '') : '');
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
      empty="No entries match. Clear the filters or widen the dates to see more."
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
        {
          header: 'Action',
          cell: (e) => (
            <span title={e.action} data-action={e.action}>
              {actionName(e.action)}
            </span>
          ),
        },
        { header: 'Target', cell: (e) => <span className="break">{targetName(e, names)}</span> },
        { header: 'Details', cell: (e) => <span className="break">{detailsText(e.details, names) || '—'}</span> },
        { header: 'From', cell: (e) => <span className="break">{e.ipAddress ?? '—'}</span> },
      ]}
    />
  );
}
