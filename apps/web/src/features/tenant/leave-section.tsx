import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { TextField } from '../../components/ui/field';
import { Section } from '../../components/ui/page';
import { reauthOnError, useReplayAfterReauth } from '../../lib/reauth';
import { useDeleteTenant } from './use-offboarding';

/** Owners only: take the data away, or close the organisation (purged after the retention period). */
export function LeaveSection({ tenantName }: { tenantName: string }) {
  const remove = useDeleteTenant();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  const navigate = useNavigate();
  // Deleted, everyone is signed out: leave the member screens for a public page that says so.
  const run = (name: string) =>
    remove.mutate(name, {
      onSuccess: (res) => {
        void navigate('/organisation-deleted', { replace: true, state: { name, purgeAfter: res.purgeAfter } });
      },
      onError: (e) => void reauthOnError('delete-tenant', e, name),
    });
  useReplayAfterReauth('delete-tenant', run);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (typed !== tenantName) return setError(`Type ${tenantName} exactly to confirm`);
    setError(undefined);
    run(typed);
  };
  return (
    <Section
      title="Leave Ledgerbridge"
      id="leave-heading"
      description="Your data is yours: download it, or close this organisation."
    >
      <p>
        <a className="btn btn-secondary" href="/api/tenant/export" download="ledgerbridge-export.json">
          Download all data (JSON)
        </a>
      </p>
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Delete the organisation">
        <p>
          Deleting signs everyone out, disconnects Xero and revokes our access. The data is kept for 30 days in case you
          change your mind (ask support), then removed.
        </p>
        <p data-testid="leave-subscription">
          Your Ledgerbridge subscription, if you have one, is cancelled at once: no further invoices are sent or
          charged.
        </p>
        <TextField
          label={`Type ${tenantName} to confirm`}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          error={error}
          required
        />
        <ErrorAlert error={remove.error} title="The organisation was not deleted" />
        <div className="actions">
          <Button type="submit" variant="danger" busy={remove.isPending}>
            Delete organisation
          </Button>
        </div>
      </form>
    </Section>
  );
}
