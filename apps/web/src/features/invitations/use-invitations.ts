import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../lib/api-client';
import { Role, useMember } from '../session/use-session';

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
}

export const invitationsKey = (tenantId: string) => ['tenant', tenantId, 'invitations'] as const;

export function useInvitations(enabled: boolean) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: invitationsKey(tenant.id),
    queryFn: () => apiGet<InvitationView[]>('/api/tenant/invitations'),
    enabled,
  });
}

export function useInvite() {
  const { tenant } = useMember();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) =>
      apiSend<InvitationView>('POST', '/api/tenant/invitations', input),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationsKey(tenant.id) }),
  });
}

export function useRevokeInvitation() {
  const { tenant } = useMember();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/api/tenant/invitations/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationsKey(tenant.id) }),
  });
}

/** Public: the invitee may not be signed in yet. */
export function acceptInvitation(token: string) {
  return apiSend<{ joined: boolean; next?: string }>('POST', '/api/invitations/accept', { token });
}
