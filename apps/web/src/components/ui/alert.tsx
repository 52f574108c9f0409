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
