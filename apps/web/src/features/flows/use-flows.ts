import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../lib/api-client';
import type { DryRunView, FlowsOverview, MatchingView, StarterInstall } from '../../api/types';
import { useMember } from '../session/use-session';

const enc = encodeURIComponent;
const flowsKey = (tenantId: string, integrationId: string) => ['tenant', tenantId, 'flows', integrationId] as const;

export function useFlows(integrationId: string | undefined) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: flowsKey(tenant.id, integrationId ?? ''),
    queryFn: () => apiGet<FlowsOverview>(`/api/integrations/${enc(integrationId!)}/flows`),
    enabled: !!integrationId,
    refetchInterval: 5_000,
  });
}

function useInvalidateFlows(integrationId: string) {
  const { tenant } = useMember();
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: flowsKey(tenant.id, integrationId) });
}

/** Installs the starter mappings and flows the integration lacks, all switched off. */
export function useInstallStarter(integrationId: string) {
  const invalidate = useInvalidateFlows(integrationId);
  return useMutation({
    mutationFn: () => apiSend<StarterInstall>('POST', `/api/integrations/${enc(integrationId)}/flows/starter`),
    onSuccess: invalidate,
  });
}

/** Switches flows on one by one (each needs a recent Xero sign-in: 401 reauth_required otherwise). */
export function useEnableFlows(integrationId: string) {
  const invalidate = useInvalidateFlows(integrationId);
  return useMutation({
    mutationFn: async (flowKeys: string[]) => {
      for (const key of flowKeys)
        await apiSend('POST', `/api/integrations/${enc(integrationId)}/flows/${enc(key)}/enable`);
    },
    onSettled: invalidate,
  });
}

export function useRunMatching(integrationId: string) {
  return useMutation({
    mutationFn: () => apiSend<MatchingView>('POST', `/api/integrations/${enc(integrationId)}/matching/run`),
  });
}

export function useConfirmMatching(integrationId: string) {
  return useMutation({
    mutationFn: (runId: string) =>
      apiSend<MatchingView>('POST', `/api/integrations/${enc(integrationId)}/matching/confirm`, {
        runId,
        acceptAll: true,
      }),
  });
}

/** The dry run of each flow's X3 → Xero mapping, one after another (each spends a few Xero calls). */
export function useFlowsDryRun(integrationId: string) {
  return useMutation({
    mutationFn: async (entities: string[]) => {
      const out: Array<{ entity: string; run?: DryRunView; error?: string }> = [];
      for (const entity of entities) {
        try {
          const run = await apiSend<DryRunView>(
            'POST',
            `/api/integrations/${enc(integrationId)}/mappings/${enc(entity)}/x3-to-xero/dry-run`,
            { limit: 5 },
          );
          out.push({ entity, run });
        } catch (error) {
          out.push({ entity, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return out;
    },
  });
}
