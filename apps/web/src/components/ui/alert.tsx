import { ReactNode } from 'react';
import { errorText } from '../../lib/api-client';

type Tone = 'error' | 'success' | 'info' | 'warning';

/** Errors interrupt (role=alert); everything else is announced politely (role=status). */
export function Alert({ tone = 'info', title, children }: { tone?: Tone; title?: string; children?: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {title && <p className="alert-title">{title}</p>}
      {children && <div>{children}</div>}
    </div>
  );
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <Alert tone="error" title={title}>
      {errorText(error)}
    </Alert>
  );
}

/**
 * A background refresh failed while the page still holds what it loaded: say so and keep the page
 * (and whatever the person is typing in it) on screen; the next poll tries again.
 */
export function RefreshFailed({ error, what }: { error: unknown; what: string }) {
  if (!error) return null;
  return (
    <Alert tone="warning" title={`${what} could not be refreshed`}>
      {errorText(error)} This page shows what was last loaded and tries again shortly.
    </Alert>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** A polite live region that is always in the page, so changes to it are announced. */
export function LiveStatus({ message }: { message: string | undefined }) {
  return (
    <p className="live-status" role="status" aria-live="polite">
      {message ?? ''}
    </p>
  );
}

/** The explanation a viewer sees in place of change controls. */
export function ReadOnlyNote({ children }: { children?: ReactNode }) {
  return (
    <p className="read-only-note" data-testid="read-only-note">
      {children ??
        'You have view-only access: only owners and admins can change this. Ask one of them if something needs to change.'}
    </p>
  );
}
