import { useCallback } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend, rememberCsrfToken } from '../../lib/api-client';
import type {
  DeadLetterView,
  HeldChangeView,
  RunsPage,
  StaffLoginInput,
  SupportAccess,
  SupportActivityLine,
  SupportAuditEntry,
  SupportConnection,
  SupportGrantInput,
  SupportGrantIssued,
  SupportIntegration,
  SupportMember,
  StaffEnrolment,
  SupportTenant,
  WaitingChangeView,
} from '../../api/types';
import { SESSION_KEY } from '../session/use-session';

export type { SupportAccess, SupportGrant, SupportIntegration, SupportTenant } from '../../api/types';

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

const accessKey = (tenantId: string) => ['staff', 'access', tenantId];

/** Opening a tenant: its name and the caller's live grant (null: ask for a reason). Writes nothing. */
export function useSupportAccess(tenantId: string | null) {
  return useQuery({
    queryKey: accessKey(tenantId ?? ''),
    queryFn: () => apiGet<SupportAccess>(`/api/support/tenants/${encodeURIComponent(tenantId!)}/access`),
    enabled: tenantId !== null,
    retry: false,
  });
}

/** Asks for a grant (the server returns the live one if there is); the tenant's access is read again. */
export function useRequestGrant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SupportGrantInput) => apiSend<SupportGrantIssued>('POST', '/api/support/grants', body),
    onSuccess: (_, body) => client.invalidateQueries({ queryKey: accessKey(body.tenantId) }),
  });
}

/** The grant ended (expired, or a 403 said so): read the tenant's access again, which asks for a reason. */
export function useForgetGrant() {
  const client = useQueryClient();
  return useCallback((tenantId: string) => client.invalidateQueries({ queryKey: accessKey(tenantId) }), [client]);
}

type View = 'connections' | 'members' | 'audit' | 'integrations';
type ViewData = {
  connections: SupportConnection[];
  members: SupportMember[];
  audit: SupportAuditEntry[];
  integrations: SupportIntegration[];
};

/** Read-only views of one tenant; the server checks a live grant and audits each view's first read under it. */
export function useSupportView<V extends View>(tenantId: string, grantId: string, view: V) {
  return useQuery({
    queryKey: ['staff', 'tenant', tenantId, grantId, view],
    queryFn: () => apiGet<ViewData[V]>(`/api/support/tenants/${encodeURIComponent(tenantId)}/${view}`),
    retry: false,
  });
}

export type IntegrationView = 'runs' | 'activity' | 'dead-letters' | 'waiting' | 'held';
export type IntegrationViewData = {
  runs: RunsPage;
  activity: SupportActivityLine[];
  'dead-letters': DeadLetterView[];
  waiting: WaitingChangeView[];
  held: HeldChangeView[];
};

/** One integration's operations data (run log, activity, dead letters …), read under the grant. */
export function useIntegrationView<V extends IntegrationView>(
  tenantId: string,
  grantId: string,
  integrationId: string,
  view: V,
) {
  const path = `/api/support/tenants/${encodeURIComponent(tenantId)}/integrations/${encodeURIComponent(integrationId)}/${view}`;
  return useQuery({
    queryKey: ['staff', 'tenant', tenantId, grantId, 'integration', integrationId, view],
    queryFn: () => apiGet<IntegrationViewData[V]>(path),
    retry: false,
  });
}
