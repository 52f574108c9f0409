import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../lib/api-client';
import type { Created, IntegrationInput, IntegrationView } from '../../api/types';
import { useMember } from '../session/use-session';

export type { IntegrationInput, IntegrationView } from '../../api/types';

export const integrationsKey = (tenantId: string) => ['tenant', tenantId, 'integrations'] as const;

export function useIntegrations() {
  const { tenant } = useMember();
  return useQuery({
    queryKey: integrationsKey(tenant.id),
    queryFn: () => apiGet<IntegrationView[]>('/api/integrations'),
    refetchInterval: 30_000,
  });
}

export function useCreateIntegration() {
  const { tenant } = useMember();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: IntegrationInput) => ({
      ...input,
      ...(await apiSend<Created>('POST', '/api/integrations', input)),
    }),
    onSuccess: () => client.invalidateQueries({ queryKey: integrationsKey(tenant.id) }),
  });
}

export function useDeleteIntegration() {
  const { tenant } = useMember();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/api/integrations/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: integrationsKey(tenant.id) }),
  });
}
