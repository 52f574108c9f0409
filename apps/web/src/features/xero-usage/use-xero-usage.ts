import { useQuery } from '@tanstack/react-query';
import type { XeroOrgUsage } from '../../api/types';
import { apiGet } from '../../lib/api-client';
import { useMember } from '../session/use-session';

export type { XeroOrgUsage } from '../../api/types';

/** The tenant's Xero organisations' usage: rolling day, 14 days, budget left, forecast. */
export function useXeroUsage() {
  const { tenant } = useMember();
  return useQuery({
    queryKey: ['xero-usage', tenant.id],
    queryFn: () => apiGet<XeroOrgUsage[]>('/api/xero-usage?days=14'),
    refetchInterval: 60_000,
  });
}
