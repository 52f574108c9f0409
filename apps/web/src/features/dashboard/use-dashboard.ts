import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { DashboardView, RecordsPageView } from '../../api/types';
import { apiGet } from '../../lib/api-client';
import { useMember } from '../session/use-session';

export type { DashboardView, RecordRowView, RecordsPageView } from '../../api/types';

/** How often the dashboard reads its figures again (live enough for "what moved just now"). */
export const DASHBOARD_REFRESH_MS = 10_000;

const enc = encodeURIComponent;

/** The integration's dashboard for the last `hours` (bucket: hour up to a week, else day). */
export function useDashboard(integrationId: string, hours: number) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: ['tenant', tenant.id, 'dashboard', integrationId, hours],
    queryFn: () => {
      const to = new Date();
      const from = new Date(to.getTime() - hours * 3_600_000);
      const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
      return apiGet<DashboardView>(`/api/integrations/${enc(integrationId)}/dashboard?${q}`);
    },
    refetchInterval: DASHBOARD_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/** The records filters as the query string carries them. */
export interface RecordFilters {
  entity?: string;
  status?: string;
  flow?: string;
  from?: string;
  to?: string;
  key?: string;
}

export function useRecords(integrationId: string, filters: RecordFilters) {
  const { tenant } = useMember();
  return useInfiniteQuery({
    queryKey: ['tenant', tenant.id, 'records', integrationId, filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(filters) as Array<[string, string | undefined]>) if (v) q.set(k, v);
      if (pageParam) q.set('cursor', pageParam);
      return apiGet<RecordsPageView>(`/api/integrations/${enc(integrationId)}/records?${q}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}
