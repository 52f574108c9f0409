import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AnomalyFindingView } from '../../api/types';
import { apiGet, apiSend } from '../../lib/api-client';
import { useMember } from '../session/use-session';

export type FindingStatus = AnomalyFindingView['status'];
export type FindingDecision = 'approve' | 'reject' | 'expect';

const anomaliesKey = (tenantId: string) => ['tenant', tenantId, 'anomalies'] as const;

export function useFindings(filter: { status?: FindingStatus; integrationId?: string }) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...anomaliesKey(tenant.id), filter],
    queryFn: () => {
      const q = new URLSearchParams({ limit: '200' });
      if (filter.status) q.set('status', filter.status);
      if (filter.integrationId) q.set('integrationId', filter.integrationId);
      return apiGet<AnomalyFindingView[]>(`/api/anomalies?${q}`);
    },
    refetchInterval: 30_000,
  });
}

export function useFindingDecision() {
  const { tenant } = useMember();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (d: { id: string; decision: FindingDecision }) =>
      apiSend<AnomalyFindingView>('POST', `/api/anomalies/${encodeURIComponent(d.id)}/${d.decision}`),
    onSettled: () => client.invalidateQueries({ queryKey: anomaliesKey(tenant.id) }),
  });
}
