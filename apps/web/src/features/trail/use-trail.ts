import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../lib/api-client';
import type { RecordEventView, RunDetailView, RunsPage } from '../../api/types';
import { useMember } from '../session/use-session';

const enc = encodeURIComponent;
const base = (integrationId: string) => `/api/integrations/${enc(integrationId)}`;
const trailKey = (tenantId: string, integrationId: string) => ['tenant', tenantId, 'trail', integrationId] as const;

export interface RunsFilter {
  flow?: string;
  outcome?: string;
}

/** The run log, newest first, a page of 50 at a time (keyset: "Load more" passes the cursor back). */
export function useRuns(integrationId: string, filter: RunsFilter) {
  const { tenant } = useMember();
  return useInfiniteQuery({
    queryKey: [...trailKey(tenant.id, integrationId), 'runs', filter],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams();
      if (filter.flow) q.set('flow', filter.flow);
      if (filter.outcome) q.set('outcome', filter.outcome);
      if (pageParam) q.set('cursor', pageParam);
      return apiGet<RunsPage>(`${base(integrationId)}/runs?${q}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 15_000,
  });
}

export function useRun(integrationId: string, runId: string) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...trailKey(tenant.id, integrationId), 'run', runId],
    queryFn: () => apiGet<RunDetailView>(`${base(integrationId)}/runs/${enc(runId)}`),
  });
}

export function useRecordTrail(integrationId: string, recordKey: string) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...trailKey(tenant.id, integrationId), 'record', recordKey],
    queryFn: () => apiGet<RecordEventView[]>(`${base(integrationId)}/trail/${enc(recordKey)}`),
    refetchInterval: 15_000,
  });
}

export const trailPath = (integrationId: string, recordKey: string) =>
  `/integrations/${enc(integrationId)}/trail/${enc(recordKey)}`;
export const runPath = (integrationId: string, runId: string) =>
  `/integrations/${enc(integrationId)}/runs/${enc(runId)}`;
export const runsPath = (integrationId: string) => `/integrations/${enc(integrationId)}/runs`;
