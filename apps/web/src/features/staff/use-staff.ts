import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend, rememberCsrfToken } from '../../lib/api-client';
import type {
  AuditEntry,
  StaffLoginInput,
  SupportConnection,
  SupportGrant,
  SupportGrantInput,
  SupportMember,
  StaffEnrolment,
  SupportTenant,
} from '../../api/types';
import { SESSION_KEY } from '../session/use-session';

export type { SupportGrant, SupportTenant } from '../../api/types';

/** Each sign-in step rotates the session (and its CSRF token): fetch the session again after it. */
function useStaffStep<T>(fn: (arg: T) => Promise<void>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      rememberCsrfToken(undefined);
      await client.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
}

export const useStaffPassword = () =>
  useStaffStep((body: StaffLoginInput) => apiSend('POST', '/api/staff/login', body));
export const useStaffTotp = () => useStaffStep((code: string) => apiSend('POST', '/api/staff/login/totp', { code }));
/** At the first sign-in: the authenticator secret as a QR code; the same one until a code confirms it. */
export const useStaffEnrolment = (enabled: boolean) =>
  useQuery({
    queryKey: ['staff', 'enrolment'],
    queryFn: () => apiGet<StaffEnrolment>('/api/staff/login/enrolment'),
    enabled,
    staleTime: Infinity,
  });

export function useStaffSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend('POST', '/api/staff/logout'),
    onSuccess: async () => {
      rememberCsrfToken(undefined);
      await client.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
}

export function useTenantSearch(q: string | null) {
  return useQuery({
    queryKey: ['staff', 'search', q],
    queryFn: () => apiGet<SupportTenant[]>(`/api/support/tenants?${new URLSearchParams({ q: q ?? '' })}`),
    enabled: q !== null,
  });
}

export const useRequestGrant = () =>
  useMutation({
    mutationFn: (body: SupportGrantInput) => apiSend<SupportGrant>('POST', '/api/support/grants', body),
  });

type View = 'connections' | 'members' | 'audit';
type ViewData = { connections: SupportConnection[]; members: SupportMember[]; audit: AuditEntry[] };

/** Read-only views of one tenant; the server checks a live grant and audits every read. */
export function useSupportView<V extends View>(tenantId: string, grantId: string, view: V) {
  return useQuery({
    queryKey: ['staff', 'tenant', tenantId, grantId, view],
    queryFn: () => apiGet<ViewData[V]>(`/api/support/tenants/${encodeURIComponent(tenantId)}/${view}`),
    retry: false,
  });
}
