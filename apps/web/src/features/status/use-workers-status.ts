import { useQuery } from '@tanstack/react-query';
import type { WorkersStatus } from '../../api/types';
import { apiGet } from '../../lib/api-client';

export function useWorkersStatus() {
  return useQuery({
    queryKey: ['system', 'workers'],
    queryFn: () => apiGet<WorkersStatus>('/health/workers'),
    refetchInterval: 15_000,
  });
}
