import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../lib/api-client';
import { useMember } from '../session/use-session';

export interface IntegrationView {
  id: string;
  name: string;
  xeroConnectionId: string;
  xeroName: string;
  x3ConnectionId: string;
  x3Name: string;
  x3Company: string;
  status: string;
}

export interface IntegrationInput {
  name: string;
  xeroConnectionId: string;
  x3ConnectionId: string;
  x3Company: string;
}

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
      ...(await apiSend<{ id: string }>('POST', '/api/integrations', input)),
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
