import { useQuery } from '@tanstack/react-query';
import type { HealthReport } from '../../api/types';
import { apiGet } from '../../lib/api-client';

export function useSystemStatus() {
  return useQuery({
    queryKey: ['system', 'health'],
    queryFn: () => apiGet<HealthReport>('/health'),
    refetchInterval: 15_000,
  });
}
