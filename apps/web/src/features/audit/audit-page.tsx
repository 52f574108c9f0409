import { FormEvent, useMemo, useState } from 'react';
import { ErrorAlert, Loading, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { SelectField, TextField } from '../../components/ui/field';
import { Page, Section } from '../../components/ui/page';
import { plural } from '../../lib/format';
import { useMembers } from '../members/use-members';
import { useMember } from '../session/use-session';
import { AuditTable } from './audit-table';
import { AuditFilter, useAudit } from './use-audit';

/** `<input type="date">` gives a local day; the api takes instants. `to` covers the whole day. */
function dayToIso(day: string, endOfDay: boolean): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T${endOfDay ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function AuditPage() {
  const { canEdit } = useMember();
  const [draft, setDraft] = useState({ action: '', actorKind: '', from: '', to: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  const [error, setError] = useState<string>();
  const audit = useAudit(filter, canEdit);
  const members = useMembers();
  const names = useMemo(
    () => new Map((members.data ?? []).map((m) => [m.userId, m.displayName || m.email])),
    [members.data],
  );
  if (!canEdit) {
    return (
      <Page title="Audit log">
        <ReadOnlyNote>Only owners and admins can read the audit log.</ReadOnlyNote>
      </Page>
    );
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const action = draft.action.trim().toLowerCase();
    if (action && !/^[a-z_.]{1,64}$/.test(action))
      return setError('An action looks like member.invited, or member. for every member action');
    if (draft.from && draft.to && draft.from > draft.to) return setError('“From” must be on or before “to”');
    setError(undefined);
    setFilter({
      action: action || undefined,
      actorKind: draft.actorKind || undefined,
      from: dayToIso(draft.from, false),
      to: dayToIso(draft.to, true),
    });
  };
  const entries = audit.data?.pages.flat() ?? [];
  return (
    <Page title="Audit log" lead="Every change to this organisation, and every time Ledgerbridge support looked at it.">
      <Section title="Filter" id="filter-heading">
        <form className="form filters" onSubmit={onSubmit} noValidate aria-label="Filter the audit log">
          <TextField
            label="Action"
            placeholder="member.invited"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
            error={error}
            hint="A whole action, or a prefix ending in a dot."
          />
          <SelectField
            label="Who"
            value={draft.actorKind}
            onChange={(e) => setDraft({ ...draft, actorKind: e.target.value })}
            options={[
              { value: '', label: 'Anyone' },
              { value: 'user', label: 'Users' },
              { value: 'staff', label: 'Ledgerbridge support' },
              { value: 'system', label: 'System' },
            ]}
          />
          <TextField
            label="From"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
          <TextField
            label="To"
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
          <div className="actions">
            <Button type="submit" variant="primary">
              Apply filter
            </Button>
            <Button
              onClick={() => {
                setDraft({ action: '', actorKind: '', from: '', to: '' });
                setFilter({});
                setError(undefined);
              }}
            >
              Clear
            </Button>
          </div>
        </form>
      </Section>
      <Section title="Entries" id="entries-heading">
        {audit.isPending && <Loading what="the audit log" />}
        <ErrorAlert error={audit.error} title="The audit log could not be loaded" />
        {audit.data && (
          <>
            <p className="muted" role="status">
              Showing {plural(entries.length, 'entry', 'entries')}, newest first.
            </p>
            <AuditTable entries={entries} names={names} />
            {audit.hasNextPage && (
              <Button onClick={() => audit.fetchNextPage()} busy={audit.isFetchingNextPage}>
                Load older entries
              </Button>
            )}
          </>
        )}
      </Section>
    </Page>
  );
}
