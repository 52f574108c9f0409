import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../lib/api-client';
import type { InvitationAcceptResult, InvitationLink, InvitationView, InviteInput } from '../../api/types';
import { useMember } from '../session/use-session';

export type { InvitationView } from '../../api/types';

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
    mutationFn: (input: InviteInput) => apiSend<InvitationView>('POST', '/api/tenant/invitations', input),
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

/** A pending invitation's link (a credential: the server wants a recent sign-in and audits it). */
export const useRevealLink = () =>
  useMutation({
    mutationFn: (id: string) => apiGet<InvitationLink>(`/api/tenant/invitations/${id}/link`),
  });

/** Public: the invitee may not be signed in yet. */
export function acceptInvitation(token: string) {
  return apiSend<InvitationAcceptResult>('POST', '/api/invitations/accept', { token });
}
