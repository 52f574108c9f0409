import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert } from '../../components/ui/alert';
import { Page } from '../../components/ui/page';
import { formatDateTime } from '../../lib/format';

/**
 * After deleting the organisation: everyone is signed out, so this is a public page (no member
 * navigation, no "Save name" left on screen). What was deleted arrives in the navigation state.
 */
export function OrganisationDeletedPage() {
  const state = useLocation().state as { name?: unknown; purgeAfter?: unknown } | null;
  const name = typeof state?.name === 'string' ? state.name : 'The organisation';
  const purgeAfter = typeof state?.purgeAfter === 'string' ? state.purgeAfter : undefined;
  const client = useQueryClient();
  // The member screens are gone: nothing of the deleted organisation stays cached.
  useEffect(() => client.clear(), [client]);
  return (
    <Page title="Organisation deleted">
      <Alert tone="success">
        {name} is closed and its Xero connections are disconnected. Everyone, you included, is signed out.
      </Alert>
      <p>
        {purgeAfter
          ? `Its data is removed for good after ${formatDateTime(purgeAfter)}; until then, support can restore it if you change your mind.`
          : 'Its data is removed for good after 30 days; until then, support can restore it if you change your mind.'}
      </p>
      <p>
        <Link to="/sign-in">Sign in again</Link> to reach another organisation you belong to, or to start a new one.
      </p>
    </Page>
  );
}
