import { useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import { ApiError } from './api-client';

/**
 * Sensitive changes (disconnects, role changes, removing people) answer 401 `reauth_required`
 * when the last Xero sign-in is older than the server's window. We say why and ask first
 * (`ReauthPrompt`), then remember the change, send the browser through Sign in with Xero
 * (reauth=1) back to this page, and run the change again once.
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

/** What each change is, in words that finish "…needs you to confirm it is you before we…". */
const ACTION_TEXT: Record<string, string> = {
  'invitation.link': 'show the invitation link',
  'invitation.send': 'send an invitation for an owner or admin',
  'xero.disconnect': 'disconnect the Xero organisation',
  'member.role': "change the person's role",
  'member.remove': 'remove the person',
  'x3.delete': 'delete the Sage X3 connection',
  'x3.credentials': 'change the Sage X3 credentials',
  'flow-switch': 'switch the flow on',
  'designer-switch': 'switch the flow on',
  'go-live': 'switch the flows on',
  replay: 'replay the failed records',
  'approve-held': 'approve the held record',
  'delete-tenant': 'delete the organisation',
  'reporting.key_create': 'create a reporting key',
};

export const actionText = (action: string): string => ACTION_TEXT[action] ?? 'make this change';

/** The step-up the page is asking about (one at a time), and whether one was just cancelled. */
export type ReauthAsk = { action: string; arg: unknown } | { cancelled: string } | undefined;
let ask: ReauthAsk;
const listeners = new Set<() => void>();
const setAsk = (next: ReauthAsk) => {
  ask = next;
  listeners.forEach((l) => l());
};

export function useReauthAsk(): ReauthAsk {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => ask,
  );
}

/** Asks first: the prompt explains why, then `continueReauth` or `cancelReauth`. */
export function reauthenticate(action: string, arg: unknown): void {
  setAsk({ action, arg });
}

/** The person agreed: remember the change and go to Xero. */
export function continueReauth(): void {
  if (!ask || !('action' in ask)) return;
  const pending: Pending = { action: ask.action, arg: ask.arg, path: window.location.pathname, at: Date.now() };
  sessionStorage.setItem(KEY, JSON.stringify(pending));
  window.location.assign(`/api/auth/xero/login?${new URLSearchParams({ reauth: '1', returnTo: here() })}`);
}

export function cancelReauth(): void {
  if (ask && 'action' in ask) setAsk({ cancelled: actionText(ask.action) });
}

export const dismissReauth = () => setAsk(undefined);

/**
 * Back from Xero without a sign-in (the person cancelled there): the remembered change is dropped
 * and its words returned, so the page can say it was not made.
 */
export function abandonPendingChange(): { what: string; path: string } | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  sessionStorage.removeItem(KEY);
  try {
    const pending = JSON.parse(raw) as Pending;
    if (Date.now() - pending.at > MAX_AGE_MS || typeof pending.path !== 'string') return undefined;
    return { what: actionText(pending.action), path: pending.path };
  } catch {
    return undefined;
  }
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
