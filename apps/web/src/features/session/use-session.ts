import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionView } from '../../api/types';
import { apiGet, apiSend, rememberCsrfToken } from '../../lib/api-client';

export type { Role, SessionView } from '../../api/types';

export const SESSION_KEY = ['session'] as const;

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      const session = await apiGet<SessionView>('/api/auth/session');
      rememberCsrfToken(session.csrfToken);
      return session;
    },
    staleTime: 30_000,
  });
}

/** The signed-in member's context; only call below <RequireMember>. */
export function useMember() {
  const { data } = useSession();
  if (!data?.signedIn || !data.tenant || !data.user || !data.role)
    throw new Error('useMember outside a signed-in page');
  const canEdit = data.role === 'owner' || data.role === 'admin';
  return {
    user: data.user,
    tenant: data.tenant,
    role: data.role,
    tenants: data.tenants ?? [],
    canEdit,
    isOwner: data.role === 'owner',
  };
}

/** Anything that changes who is signed in, or where, throws every cached answer away. */
function useResetAfter<T>(fn: (arg: T) => Promise<void>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      rememberCsrfToken(undefined);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      await client.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
}

export const useSignOut = () => useResetAfter<void>(() => apiSend('POST', '/api/auth/logout'));
export const useSignOutEverywhere = () => useResetAfter<void>(() => apiSend('POST', '/api/auth/logout-everywhere'));
export const useSwitchTenant = () =>
  useResetAfter<string>((tenantId) => apiSend('POST', '/api/auth/switch-tenant', { tenantId }));

/** Where "Sign in with Xero" sends the browser; `returnTo` must be a path on this site. */
export function signInUrl(returnTo = '/', reauth = false): string {
  const params = new URLSearchParams({ returnTo });
  if (reauth) params.set('reauth', '1');
  return `/api/auth/xero/login?${params}`;
}

/** "Sign up with Xero": one consent signs in and connects the organisations picked at Xero. */
export function signUpUrl(returnTo = '/onboarding'): string {
  return `/api/auth/xero/login?${new URLSearchParams({ signup: '1', returnTo })}`;
}
