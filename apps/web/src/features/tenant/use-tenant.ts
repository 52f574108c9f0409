import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../lib/api-client';
import type { TenantDetails } from '../../api/types';
import { SESSION_KEY, useMember } from '../session/use-session';

export function useTenant() {
  const { tenant } = useMember();
  return useQuery({
    queryKey: ['tenant', tenant.id, 'details'],
    queryFn: () => apiGet<TenantDetails>('/api/tenant'),
  });
}

export function useRenameTenant() {
  const { tenant } = useMember();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiSend('PATCH', '/api/tenant', { name }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['tenant', tenant.id, 'details'] }),
        client.invalidateQueries({ queryKey: SESSION_KEY }),
      ]),
  });
}
