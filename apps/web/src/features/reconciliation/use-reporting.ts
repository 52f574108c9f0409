import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatedReportingKey, ReportingKeyView, ReportingViewInfo } from '../../api/types';
import { apiGet, apiSend } from '../../lib/api-client';
import { useMember } from '../session/use-session';

const reportingKey = (tenantId: string) => ['tenant', tenantId, 'reporting'] as const;

/** Where a BI tool reads the views: this site's api, by reporting key. */
export const reportingBaseUrl = () => `${window.location.origin}/api/reporting/v1`;

/** The views and their columns: the same catalogue docs/reporting.md is made from. Any member reads it. */
export function useReportingViews() {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...reportingKey(tenant.id), 'views'],
    queryFn: () => apiGet<ReportingViewInfo[]>('/api/reporting/views'),
    staleTime: Infinity,
  });
}

/** The keys, revoked ones too: mounted only for owners and admins (anyone else is refused). */
export function useReportingKeys() {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...reportingKey(tenant.id), 'keys'],
    queryFn: () => apiGet<ReportingKeyView[]>('/api/reporting/keys'),
  });
}

export function useCreateReportingKey() {
  const { tenant } = useMember();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiSend<CreatedReportingKey>('POST', '/api/reporting/keys', { name }),
    onSettled: () => client.invalidateQueries({ queryKey: [...reportingKey(tenant.id), 'keys'] }),
  });
}

export function useRevokeReportingKey() {
  const { tenant } = useMember();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) =>
      apiSend<ReportingKeyView>('POST', `/api/reporting/keys/${encodeURIComponent(keyId)}/revoke`),
    onSettled: () => client.invalidateQueries({ queryKey: [...reportingKey(tenant.id), 'keys'] }),
  });
}
