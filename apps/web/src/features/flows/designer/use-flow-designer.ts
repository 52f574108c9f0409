import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../../lib/api-client';
import { useMember } from '../../session/use-session';
import type { FlowDryRunView, FlowRunView, FlowVersionView } from '../../../api/types';
import type { FlowDoc } from './flow-graph';

const enc = encodeURIComponent;
const flowPath = (integrationId: string, flowKey: string) =>
  `/api/integrations/${enc(integrationId)}/flows/${enc(flowKey)}`;

/** A flow version as the api answers it, its document read as the designer's FlowDoc. */
export type FlowVersion = Omit<FlowVersionView, 'document'> & { document: FlowDoc };
export type FlowRun = FlowRunView;

const key = (tenantId: string, integrationId: string, flowKey: string) =>
  ['tenant', tenantId, 'flow', integrationId, flowKey] as const;

export function useFlowVersion(integrationId: string, flowKey: string) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...key(tenant.id, integrationId, flowKey), 'active'],
    queryFn: () => apiGet<FlowVersion>(flowPath(integrationId, flowKey)),
  });
}

function useInvalidateFlow(integrationId: string, flowKey: string) {
  const { tenant } = useMember();
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: key(tenant.id, integrationId, flowKey) }),
      client.invalidateQueries({ queryKey: ['tenant', tenant.id, 'flows', integrationId] }),
    ]);
}

export function useSaveFlow(integrationId: string, flowKey: string) {
  const invalidate = useInvalidateFlow(integrationId, flowKey);
  return useMutation({
    mutationFn: (document: FlowDoc) =>
      apiSend<FlowVersion>('POST', `${flowPath(integrationId, flowKey)}/versions`, { document }),
    onSuccess: invalidate,
  });
}

export function useSwitchFlow(integrationId: string, flowKey: string) {
  const invalidate = useInvalidateFlow(integrationId, flowKey);
  return useMutation({
    mutationFn: (on: boolean) =>
      apiSend<FlowVersion>('POST', `${flowPath(integrationId, flowKey)}/${on ? 'enable' : 'disable'}`),
    onSettled: invalidate,
  });
}

export function useFlowRuns(integrationId: string, flowKey: string, status: string) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...key(tenant.id, integrationId, flowKey), 'runs', status],
    queryFn: () =>
      apiGet<FlowRun[]>(`${flowPath(integrationId, flowKey)}/runs${status ? `?status=${enc(status)}` : ''}`),
    refetchInterval: 5_000,
  });
}

export function useRunDecision(integrationId: string, flowKey: string) {
  const invalidate = useInvalidateFlow(integrationId, flowKey);
  return useMutation({
    mutationFn: ({ runId, decision, comment }: { runId: string; decision: 'approve' | 'reject'; comment: string }) =>
      apiSend<FlowRun>('POST', `/api/flows/runs/${enc(runId)}/${decision}`, { comment }),
    onSuccess: invalidate,
  });
}

/** The whole flow tried on real X3 records (the current, possibly unsaved, document): stores nothing. */
export function useFlowDryRun(integrationId: string, flowKey: string) {
  return useMutation({
    mutationFn: (body: { document?: FlowDoc; limit: number }) =>
      apiSend<FlowDryRunView>('POST', `${flowPath(integrationId, flowKey)}/dry-run`, body),
  });
}
