import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../lib/api-client';
import type { MemberView, Role } from '../../api/types';
import { SESSION_KEY, useMember } from '../session/use-session';

export type { MemberView } from '../../api/types';

export const membersKey = (tenantId: string) => ['tenant', tenantId, 'members'] as const;

export function useMembers() {
  const { tenant } = useMember();
  return useQuery({ queryKey: membersKey(tenant.id), queryFn: () => apiGet<MemberView[]>('/api/tenant/members') });
}

function useMembersChange<T>(fn: (arg: T) => Promise<void>) {
  const { tenant } = useMember();
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: membersKey(tenant.id) }),
        client.invalidateQueries({ queryKey: SESSION_KEY }),
      ]),
  });
}

export const useChangeRole = () =>
  useMembersChange(({ membershipId, role }: { membershipId: string; role: Role }) =>
    apiSend('PATCH', `/api/tenant/members/${membershipId}`, { role }),
  );

export const useRemoveMember = () =>
  useMembersChange((membershipId: string) => apiSend('DELETE', `/api/tenant/members/${membershipId}`));
