import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../lib/api-client';

export interface WorkersStatus {
  status: 'up' | 'down';
  lastJobAt: string | null;
  ageSeconds: number | null;
}

export function useWorkersStatus() {
  return useQuery({
    queryKey: ['system', 'workers'],
    queryFn: () => apiGet<WorkersStatus>('/health/workers'),
    refetchInterval: 15_000,
  });
}
