import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../lib/api-client';

export interface HealthReport {
  status: 'ok' | 'error';
  details: Record<string, { status: 'up' | 'down'; message?: string }>;
}

export function useSystemStatus() {
  return useQuery({
    queryKey: ['system', 'health'],
    queryFn: () => apiGet<HealthReport>('/health'),
    refetchInterval: 15_000,
  });
}
