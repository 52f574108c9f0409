import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../lib/api-client';
import type {
  CanonicalEntity,
  DocumentCheck,
  DryRunView,
  MappingDirection,
  MappingSummary,
  MappingVersionDiff,
  MappingVersionSummary,
  MappingVersionView,
} from '../../api/types';
import { useMember } from '../session/use-session';

export interface MappingKey {
  integrationId: string;
  entity: CanonicalEntity;
  direction: MappingDirection;
}

const enc = encodeURIComponent;
export const mappingsPath = (integrationId: string) => `/api/integrations/${enc(integrationId)}/mappings`;
const mappingPath = (k: MappingKey) => `${mappingsPath(k.integrationId)}/${enc(k.entity)}/${enc(k.direction)}`;

const keyOf = (tenantId: string, k: MappingKey) =>
  ['tenant', tenantId, 'mapping', k.integrationId, k.entity, k.direction] as const;

export function useMappings(integrationId: string | undefined) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: ['tenant', tenant.id, 'mappings', integrationId],
    queryFn: () => apiGet<MappingSummary[]>(mappingsPath(integrationId!)),
    enabled: !!integrationId,
  });
}

/** The active version, with its document. */
export function useActiveMapping(k: MappingKey) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...keyOf(tenant.id, k), 'active'],
    queryFn: () => apiGet<MappingVersionView>(mappingPath(k)),
  });
}

export function useMappingVersions(k: MappingKey) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...keyOf(tenant.id, k), 'versions'],
    queryFn: () => apiGet<MappingVersionSummary[]>(`${mappingPath(k)}/versions`),
  });
}

export function useVersionDiff(k: MappingKey, from: number | undefined, to: number | undefined) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...keyOf(tenant.id, k), 'diff', from, to],
    queryFn: () => apiGet<MappingVersionDiff>(`${mappingPath(k)}/diff?from=${from}&to=${to}`),
    enabled: !!from && !!to && from !== to,
  });
}

function useInvalidateMapping(k: MappingKey) {
  const { tenant } = useMember();
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keyOf(tenant.id, k) });
}

export function useSaveMapping(k: MappingKey) {
  const invalidate = useInvalidateMapping(k);
  return useMutation({
    mutationFn: (input: { document: Record<string, unknown>; comment?: string; basedOnVersion?: number }) =>
      apiSend<MappingVersionView>('POST', `${mappingPath(k)}/versions`, input),
    onSuccess: invalidate,
  });
}

export function useRollBack(k: MappingKey) {
  const invalidate = useInvalidateMapping(k);
  return useMutation({
    mutationFn: (toVersion: number) => apiSend<MappingVersionView>('POST', `${mappingPath(k)}/rollback`, { toVersion }),
    onSuccess: invalidate,
  });
}

/** What a save would refuse the draft for (stores nothing): the studio's live check. */
export function useCheckDocument(k: MappingKey) {
  return useMutation({
    mutationFn: (document: Record<string, unknown>) =>
      apiSend<DocumentCheck>('POST', `${mappingPath(k)}/check`, { document }),
  });
}

/** Real records from X3 mapped by the draft (or a stored version): create / update / skip, nothing written. */
export function useDryRun(k: MappingKey) {
  return useMutation({
    mutationFn: (input: { document?: Record<string, unknown>; version?: number; limit?: number }) =>
      apiSend<DryRunView>('POST', `${mappingPath(k)}/dry-run`, input),
  });
}
