import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert, Loading, LiveStatus, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/dialog';
import { TextField } from '../../components/ui/field';
import { Page, Section } from '../../components/ui/page';
import { formatDateTime } from '../../lib/format';
import { roleName } from '../session/roles';
import { useMember, useSignOutEverywhere } from '../session/use-session';
import { useRenameTenant, useTenant } from './use-tenant';
import { LeaveSection } from './leave-section';

export function OrganisationPage() {
  const { canEdit, isOwner, tenants } = useMember();
  const tenant = useTenant();
  const rename = useRenameTenant();
  const everywhere = useSignOutEverywhere();
  const navigate = useNavigate();
  // What the person typed; until then, the current name.
  const [draft, setName] = useState<string>();
  const name = draft ?? tenant.data?.name ?? '';
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [confirmEverywhere, setConfirmEverywhere] = useState(false);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (trimmed.length < 2 || trimmed.length > 120) return setError('The name needs 2 to 120 characters');
    setError(undefined);
    rename.mutate(trimmed, { onSuccess: () => setStatus(`The organisation is now called ${trimmed}.`) });
  };
  return (
    <Page title="Organisation">
      <LiveStatus message={status} />
      <Section title="Details" id="details-heading">
        {tenant.isPending && <Loading what="the organisation" />}
        <ErrorAlert error={tenant.error} title="The organisation could not be loaded" />
        {tenant.data &&
          (canEdit ? (
            <form className="form" onSubmit={onSubmit} noValidate aria-label="Rename the organisation">
              <TextField
                label="Organisation name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                error={error}
                required
              />
              <ErrorAlert error={rename.error} title="The name was not changed" />
              <div className="actions">
                <Button type="submit" variant="primary" busy={rename.isPending}>
                  Save name
                </Button>
              </div>
            </form>
          ) : (
            <>
              <dl className="facts">
                <dt>Name</dt>
                <dd>{tenant.data.name}</dd>
              </dl>
              <ReadOnlyNote />
            </>
          ))}
        {tenant.data && (
          <dl className="facts">
            <dt>Created</dt>
            <dd>{formatDateTime(tenant.data.createdAt)}</dd>
            <dt>Your organisations</dt>
            <dd>{tenants.map((t) => `${t.name} (${roleName(t.role)})`).join(', ')}</dd>
          </dl>
        )}
      </Section>
      <Section
        title="Your sessions"
        id="sessions-heading"
        description="Signed in on a device you no longer use? Sign out everywhere, including here."
      >
        <Button variant="danger" onClick={() => setConfirmEverywhere(true)}>
          Sign out everywhere
        </Button>
        <ErrorAlert error={everywhere.error} title="Could not sign out everywhere" />
      </Section>
      {isOwner && tenant.data && <LeaveSection tenantName={tenant.data.name} />}
      <ConfirmDialog
        open={confirmEverywhere}
        title="Sign out everywhere?"
        confirmLabel="Sign out everywhere"
        danger
        busy={everywhere.isPending}
        onConfirm={() =>
          everywhere.mutate(undefined, {
            onSuccess: () => {
              setConfirmEverywhere(false);
              void navigate('/sign-in');
            },
          })
        }
        onCancel={() => setConfirmEverywhere(false)}
      >
        <p>Every browser signed in as you, this one included, is signed out.</p>
      </ConfirmDialog>
    </Page>
  );
}
