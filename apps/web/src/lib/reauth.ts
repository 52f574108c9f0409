import { useEffect, useEffectEvent } from 'react';
import { ApiError } from './api-client';

/**
 * Sensitive changes (disconnects, role changes, removing people) answer 401 `reauth_required`
 * when the last Xero sign-in is older than the server's window. We remember the change, send the
 * browser through Sign in with Xero (reauth=1) back to this page, and run the change again once.
 */
const KEY = 'lb.pendingChange';
const MAX_AGE_MS = 10 * 60_000;

interface Pending {
  action: string;
  arg: unknown;
  path: string;
  at: number;
}

const here = () => `${window.location.pathname}${window.location.search}`;

export function reauthenticate(action: string, arg: unknown): void {
  const pending: Pending = { action, arg, path: window.location.pathname, at: Date.now() };
  sessionStorage.setItem(KEY, JSON.stringify(pending));
  window.location.assign(`/api/auth/xero/login?${new URLSearchParams({ reauth: '1', returnTo: here() })}`);
}

function takePending(action: string): Pending | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  try {
    const pending = JSON.parse(raw) as Pending;
    if (Date.now() - pending.at > MAX_AGE_MS) {
      sessionStorage.removeItem(KEY);
      return undefined;
    }
    if (pending.action !== action || pending.path !== window.location.pathname) return undefined;
    sessionStorage.removeItem(KEY);
    return pending;
  } catch {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
}

/** For a change's onError: on `reauth_required`, remembers the change and re-authenticates (true). */
export function reauthOnError<T>(action: string, error: unknown, arg: T): boolean {
  if (error instanceof ApiError && error.needsReauth) {
    reauthenticate(action, arg);
    return true;
  }
  return false;
}

/** Back from the round trip: runs the remembered change once (taking it out of storage first). */
export function useReplayAfterReauth<T>(action: string, run: (arg: T) => void): void {
  const replay = useEffectEvent((arg: T) => run(arg));
  useEffect(() => {
    const pending = takePending(action);
    if (pending) replay(pending.arg as T);
  }, [action]);
}
