import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/dialog';
import { actionText, cancelReauth, continueReauth, dismissReauth, useReauthAsk } from '../../lib/reauth';

/**
 * Before a step-up sends the browser to Xero, say why; a cancel here says the change was not made
 * (mounted once, in the member shell).
 */
export function ReauthPrompt() {
  const ask = useReauthAsk();
  const asking = ask && 'action' in ask ? actionText(ask.action) : undefined;
  return (
    <>
      {ask && 'cancelled' in ask && (
        <Alert tone="warning" title="Cancelled">
          Nothing was changed: to {ask.cancelled}, Ledgerbridge needs you to confirm it is you with Xero.{' '}
          <Button variant="link" onClick={dismissReauth}>
            Dismiss
          </Button>
        </Alert>
      )}
      <ConfirmDialog
        open={Boolean(asking)}
        title="Confirm it is you with Xero"
        confirmLabel="Continue to Xero"
        onConfirm={continueReauth}
        onCancel={cancelReauth}
      >
        <p>
          To {asking}, Ledgerbridge needs a Xero login from the last 10 minutes, so that nobody else can do it from a
          screen left signed in.
        </p>
        <p>You will log in at Xero and come back here; the change then finishes on its own.</p>
      </ConfirmDialog>
    </>
  );
}
