import { FormEvent, useState } from 'react';
import { ErrorAlert, Loading, LiveStatus, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { SelectField, TextField } from '../../components/ui/field';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { reauthOnError, useReplayAfterReauth } from '../../lib/reauth';
import { ROLE_TEXT } from '../members/members-page';
import { roleName } from '../session/roles';
import { Role, useMember } from '../session/use-session';
import { InvitationView, useInvitations, useInvite, useRevealLink, useRevokeInvitation } from './use-invitations';

type InviteInput = { email: string; role: Role };

function InviteForm({ onSent }: { onSent: (email: string) => void }) {
  const { isOwner } = useMember();
  const invite = useInvite();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [error, setError] = useState<string>();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim()))
      return setError('Enter an email address, like name@example.com');
    setError(undefined);
    send({ email: email.trim(), role });
  };
  // Inviting an owner or admin needs a recent Xero sign-in: after it, the invitation is sent.
  const send = (input: InviteInput) =>
    invite.mutate(input, {
      onSuccess: (inv) => {
        setEmail('');
        onSent(inv.email);
      },
      onError: (e) => reauthOnError('invitation.send', e, input),
    });
  useReplayAfterReauth('invitation.send', send);
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Invite someone">
      <TextField
        label="Email address"
        type="email"
        autoComplete="off"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={error}
        required
      />
      <SelectField
        label="Role"
        value={role}
        onChange={(e) => setRole(e.target.value as Role)}
        options={(['viewer', 'admin', 'owner'] as Role[])
          .filter((r) => isOwner || r !== 'owner')
          .map((r) => ({ value: r, label: ROLE_TEXT[r] }))}
      />
      <ErrorAlert error={invite.error} title="The invitation was not sent" />
      <div className="actions">
        <Button type="submit" variant="primary" busy={invite.isPending}>
          Send invitation
        </Button>
      </div>
    </form>
  );
}

export function InvitationsPage() {
  const { canEdit } = useMember();
  const invitations = useInvitations(canEdit);
  const revoke = useRevokeInvitation();
  const reveal = useRevealLink();
  const [status, setStatus] = useState<string>();
  const [shown, setShown] = useState<{ email: string; link: string }>();
  const showLink = (i: { id: string; email: string }) =>
    reveal.mutate(i.id, {
      onSuccess: ({ link }) => {
        setShown({ email: i.email, link });
        void navigator.clipboard?.writeText(link).then(
          () => setStatus(`The link for ${i.email} is copied.`),
          () => setStatus(`The link for ${i.email} is shown below.`),
        );
      },
      onError: (e) => reauthOnError('invitation.link', e, i),
    });
  useReplayAfterReauth('invitation.link', showLink);
  if (!canEdit) {
    return (
      <Page title="Invitations">
        <ReadOnlyNote>Only owners and admins can see and send invitations.</ReadOnlyNote>
      </Page>
    );
  }
  return (
    <Page
      title="Invitations"
      lead="Invitations are emailed as a link that works once, for 7 days, and only for the person invited: they sign in with Xero under that email address. Inviting an owner or admin, or copying a link, asks you to confirm it is you with Xero first."
    >
      <LiveStatus message={status} />
      <Section title="Invite someone" id="invite-heading">
        <InviteForm onSent={(email) => setStatus(`Invitation sent to ${email}.`)} />
      </Section>
      <Section title="Sent invitations" id="sent-heading">
        {invitations.isPending && <Loading what="invitations" />}
        <ErrorAlert error={invitations.error} title="Invitations could not be loaded" />
        <ErrorAlert error={revoke.error} title="The invitation was not withdrawn" />
        <ErrorAlert error={reveal.error} title="The link could not be shown" />
        {invitations.data?.some((i) => i.status === 'pending') && (
          <p className="hint">
            No email reaching the person? Copy a pending invitation&apos;s link and pass it on yourself: it is as good
            as the email, so send it only to them.
          </p>
        )}
        {shown && (
          <TextField
            label={`Invitation link for ${shown.email} (works once, only when signed in with Xero as ${shown.email})`}
            value={shown.link}
            readOnly
            onFocus={(e) => e.target.select()}
          />
        )}
        {invitations.data && (
          <Table
            caption="Sent invitations"
            rows={invitations.data}
            rowKey={(i) => i.id}
            rowTestId={(i) => `invitation-${i.email}`}
            empty="No invitations yet. Invite someone with the form above: they get a link by email, or you copy it for them."
            columns={[
              { header: 'Email', cell: (i) => <span className="break">{i.email}</span> },
              { header: 'Role', cell: (i) => roleName(i.role) },
              { header: 'Status', cell: (i) => <StatusBadge status={i.status} /> },
              { header: 'Expires', cell: (i) => formatDateTime(i.expiresAt) },
              {
                header: 'Actions',
                hideHeader: true,
                cell: (i: InvitationView) =>
                  i.status === 'pending' ? (
                    <div className="actions">
                      <Button
                        onClick={() => showLink(i)}
                        busy={reveal.isPending && reveal.variables === i.id}
                        aria-label={`Copy the invitation link for ${i.email}`}
                      >
                        Copy link
                      </Button>
                      <Button
                        onClick={() =>
                          revoke.mutate(i.id, {
                            onSuccess: () => setStatus(`The invitation to ${i.email} was withdrawn.`),
                          })
                        }
                        busy={revoke.isPending && revoke.variables === i.id}
                        aria-label={`Withdraw the invitation to ${i.email}`}
                      >
                        Withdraw
                      </Button>
                    </div>
                  ) : null,
              },
            ]}
          />
        )}
      </Section>
    </Page>
  );
}
