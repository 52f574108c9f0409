import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert, Loading, LiveStatus, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/dialog';
import { Page, Section } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { reauthOnError, useReplayAfterReauth } from '../../lib/reauth';
import { ROLE_NAME } from '../session/roles';
import { Role, useMember } from '../session/use-session';
import { MemberView, useChangeRole, useMembers, useRemoveMember } from './use-members';

export const ROLE_TEXT: Record<Role, string> = {
  owner: 'Owner — everything, including making other owners',
  admin: 'Admin — connections, integrations, people (not owners)',
  viewer: 'Viewer — sees everything, changes nothing',
};

type RoleChange = { membershipId: string; role: Role; name: string };

export function MembersPage() {
  const { user, canEdit, isOwner } = useMember();
  const members = useMembers();
  const change = useChangeRole();
  const remove = useRemoveMember();
  const [pendingRole, setPendingRole] = useState<RoleChange | null>(null);
  const [removing, setRemoving] = useState<{ membershipId: string; name: string } | null>(null);
  const [status, setStatus] = useState<string>();

  const runChange = (c: RoleChange) =>
    change.mutate(c, {
      onSuccess: () => {
        setPendingRole(null);
        setStatus(`${c.name}’s role is now ${ROLE_NAME[c.role]}.`);
      },
      onError: (e) => reauthOnError('member.role', e, c),
    });
  useReplayAfterReauth('member.role', runChange);
  const runRemove = (r: { membershipId: string; name: string }) =>
    remove.mutate(r.membershipId, {
      onSuccess: () => {
        setRemoving(null);
        setStatus(`${r.name} no longer has access.`);
      },
      onError: (e) => reauthOnError('member.remove', e, r),
    });
  useReplayAfterReauth('member.remove', runRemove);

  const roleOptions = (current: Role) =>
    (['owner', 'admin', 'viewer'] as Role[]).filter((r) => isOwner || r !== 'owner' || current === 'owner');
  const nameOf = (m: MemberView) => m.displayName || m.email;

  return (
    <Page title="Users and roles" lead="Who can see and change this organisation in Ledgerbridge.">
      {!canEdit && <ReadOnlyNote />}
      {canEdit && (
        <p>
          To add someone, <Link to="/settings/invitations">send an invitation</Link>.
        </p>
      )}
      <LiveStatus message={status} />
      {members.isPending && <Loading what="members" />}
      <ErrorAlert error={members.error} title="Members could not be loaded" />
      {!pendingRole && <ErrorAlert error={change.error} title="The role was not changed" />}
      {members.data && (
        <Section title="Members" id="members-heading">
          <Table
            caption="Members"
            rows={members.data}
            rowKey={(m) => m.membershipId}
            rowTestId={(m) => `member-${m.email}`}
            empty="No members."
            columns={[
              {
                header: 'Name',
                cell: (m) => (
                  <>
                    <strong>{m.displayName || '—'}</strong>
                    {m.userId === user.id && <span className="muted"> (you)</span>}
                  </>
                ),
              },
              { header: 'Email', cell: (m) => <span className="break">{m.email}</span> },
              {
                header: 'Role',
                cell: (m) =>
                  canEdit && m.userId !== user.id && (isOwner || m.role !== 'owner') ? (
                    <>
                      <label className="visually-hidden" htmlFor={`role-${m.membershipId}`}>
                        Role for {nameOf(m)}
                      </label>
                      <select
                        id={`role-${m.membershipId}`}
                        value={m.role}
                        onChange={(e) => (
                          change.reset(),
                          setPendingRole({
                            membershipId: m.membershipId,
                            role: e.target.value as Role,
                            name: nameOf(m),
                          })
                        )}
                      >
                        {roleOptions(m.role).map((r) => (
                          <option key={r} value={r}>
                            {ROLE_NAME[r]}
                          </option>
                        ))}
                      </select>
                    </>
                  ) : (
                    ROLE_NAME[m.role]
                  ),
              },
              { header: 'Joined', cell: (m) => formatDateTime(m.joinedAt) },
              ...(canEdit
                ? [
                    {
                      header: 'Actions',
                      hideHeader: true,
                      cell: (m: MemberView) =>
                        m.userId !== user.id && (isOwner || m.role !== 'owner') ? (
                          <Button
                            variant="danger"
                            onClick={() => (
                              remove.reset(),
                              setRemoving({ membershipId: m.membershipId, name: nameOf(m) })
                            )}
                            aria-label={`Remove ${nameOf(m)}`}
                          >
                            Remove
                          </Button>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
        </Section>
      )}
      <Section title="What each role can do" id="roles-heading">
        <ul className="compact-list">
          {(Object.keys(ROLE_TEXT) as Role[]).map((r) => (
            <li key={r}>{ROLE_TEXT[r]}</li>
          ))}
        </ul>
      </Section>
      <ConfirmDialog
        open={pendingRole !== null}
        title={`Change ${pendingRole?.name ?? ''}’s role to ${pendingRole ? ROLE_NAME[pendingRole.role] : ''}?`}
        confirmLabel="Change role"
        busy={change.isPending}
        onConfirm={() => pendingRole && runChange(pendingRole)}
        onCancel={() => setPendingRole(null)}
      >
        <p>{pendingRole && ROLE_TEXT[pendingRole.role]}.</p>
        <p className="muted">You may be asked to sign in with Xero again to confirm.</p>
        <ErrorAlert error={change.error} />
      </ConfirmDialog>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.name ?? ''}?`}
        confirmLabel="Remove"
        danger
        busy={remove.isPending}
        onConfirm={() => removing && runRemove(removing)}
        onCancel={() => setRemoving(null)}
      >
        <p>They lose access to this organisation at once. You can invite them again later.</p>
        <ErrorAlert error={remove.error} />
      </ConfirmDialog>
    </Page>
  );
}
