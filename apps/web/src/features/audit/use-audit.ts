import { useInfiniteQuery } from '@tanstack/react-query';
import { apiGet } from '../../lib/api-client';
import type { AuditEntry } from '../../api/types';
import { useMember } from '../session/use-session';

export type { AuditEntry } from '../../api/types';

export interface AuditFilter {
  action?: string;
  actorKind?: string;
  from?: string;
  to?: string;
}

const FILTER_KEYS = ['action', 'actorKind', 'from', 'to'] as const;

export const PAGE_SIZE = 50;

export function auditQueryString(filter: AuditFilter, before?: string): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  if (before) params.set('before', before);
  params.set('limit', String(PAGE_SIZE));
  return params.toString();
}

/** Newest first, paged with `before` = the oldest entry seen. */
export function useAudit(filter: AuditFilter, enabled: boolean) {
  const { tenant } = useMember();
  return useInfiniteQuery({
    queryKey: ['tenant', tenant.id, 'audit', filter],
    queryFn: ({ pageParam }) => apiGet<AuditEntry[]>(`/api/tenant/audit?${auditQueryString(filter, pageParam)}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length < PAGE_SIZE ? undefined : last[last.length - 1].at),
    enabled,
  });
}
