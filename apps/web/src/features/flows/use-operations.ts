import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../lib/api-client';
import type {
  DeadLetterDetailView,
  DeadLetterView,
  HeldChangeView,
  ReplayResult,
  WaitingChangeView,
} from '../../api/types';
import { useMember } from '../session/use-session';

const enc = encodeURIComponent;
const base = (integrationId: string) => `/api/integrations/${enc(integrationId)}`;
const opsKey = (tenantId: string, integrationId: string) => ['tenant', tenantId, 'operations', integrationId] as const;

function useList<T>(integrationId: string, what: 'dead-letters' | 'waiting' | 'held') {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...opsKey(tenant.id, integrationId), what],
    queryFn: () => apiGet<T[]>(`${base(integrationId)}/${what}`),
    refetchInterval: 10_000,
  });
}

export const useDeadLetters = (integrationId: string) => useList<DeadLetterView>(integrationId, 'dead-letters');
export const useWaiting = (integrationId: string) => useList<WaitingChangeView>(integrationId, 'waiting');
export const useHeld = (integrationId: string) => useList<HeldChangeView>(integrationId, 'held');

export function useDeadLetter(integrationId: string, id: string | undefined) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...opsKey(tenant.id, integrationId), 'dead-letter', id],
    queryFn: () => apiGet<DeadLetterDetailView>(`${base(integrationId)}/dead-letters/${enc(id!)}`),
    enabled: !!id,
  });
}

function useInvalidateOperations(integrationId: string) {
  const { tenant } = useMember();
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: opsKey(tenant.id, integrationId) }),
      client.invalidateQueries({ queryKey: ['tenant', tenant.id, 'flows', integrationId] }),
    ]);
}

export interface ReplayInput {
  flowKey: string;
  sourceKeys?: string[];
  version: 'pinned' | 'newest';
}

/** One, a selection or all of a flow's dead letters, re-read from the source and carried again. */
export function useReplay(integrationId: string) {
  const invalidate = useInvalidateOperations(integrationId);
  return useMutation({
    mutationFn: (input: ReplayInput) =>
      apiSend<ReplayResult>('POST', `${base(integrationId)}/dead-letters/replay`, input),
    onSuccess: invalidate,
  });
}

export function useHeldDecision(integrationId: string) {
  const invalidate = useInvalidateOperations(integrationId);
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'approve' | 'dismiss' }) =>
      apiSend('POST', `${base(integrationId)}/held/${enc(id)}/${decision}`),
    onSuccess: invalidate,
  });
}

export function useFlowSwitch(integrationId: string) {
  const invalidate = useInvalidateOperations(integrationId);
  return useMutation({
    mutationFn: ({ flowKey, on }: { flowKey: string; on: boolean }) =>
      apiSend('POST', `${base(integrationId)}/flows/${enc(flowKey)}/${on ? 'enable' : 'disable'}`),
    onSettled: invalidate,
  });
}

export function useRunNow(integrationId: string) {
  const invalidate = useInvalidateOperations(integrationId);
  return useMutation({
    mutationFn: (flowKey: string) => apiSend('POST', `${base(integrationId)}/flows/${enc(flowKey)}/run`),
    onSuccess: invalidate,
  });
}
