import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { DashboardView, RecordsPageView, TenantDashboardView } from '../../api/types';
import { apiGet } from '../../lib/api-client';
import { useMember } from '../session/use-session';

export type {
  DashboardView,
  IntegrationSummaryView,
  RecordRowView,
  RecordsPageView,
  TenantDashboardView,
} from '../../api/types';

/** How often the dashboard reads its figures again (live enough for "what moved just now"). */
export const DASHBOARD_REFRESH_MS = 10_000;

const enc = encodeURIComponent;

/** The last `hours` up to now as the dashboard routes' query string. */
function lastHours(hours: number): URLSearchParams {
  const to = new Date();
  const from = new Date(to.getTime() - hours * 3_600_000);
  return new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
}

/** The integration's dashboard for the last `hours` (bucket: hour up to a week, else day). */
export function useDashboard(integrationId: string, hours: number) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: ['tenant', tenant.id, 'dashboard', integrationId, hours],
    queryFn: () => apiGet<DashboardView>(`/api/integrations/${enc(integrationId)}/dashboard?${lastHours(hours)}`),
    refetchInterval: DASHBOARD_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/** All the tenant's integrations together for the last `hours`, and one summary row each. */
export function useTenantDashboard(hours: number) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: ['tenant', tenant.id, 'dashboard', 'all', hours],
    queryFn: () => apiGet<TenantDashboardView>(`/api/dashboard?${lastHours(hours)}`),
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
