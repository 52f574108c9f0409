import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  LedgerSettingsEnvelope,
  LedgerSettingsInput,
  LedgerSettingsView,
  ReconDifferenceView,
  ReconRunDetailView,
  ReconRunView,
  ReconScheduleEnvelope,
  ReconScheduleInput,
  ReconScheduleView,
} from '../../api/types';
import { apiGet, apiSend } from '../../lib/api-client';
import { useMember } from '../session/use-session';

const enc = encodeURIComponent;
export const reconBase = (integrationId: string) => `/api/integrations/${enc(integrationId)}/reconciliation`;
const reconKey = (tenantId: string, integrationId: string) =>
  ['tenant', tenantId, 'reconciliation', integrationId] as const;

export const reconRunPath = (integrationId: string, runId: string) =>
  `/integrations/${enc(integrationId)}/reconciliation/runs/${enc(runId)}`;
export const reconPagePath = (integrationId: string) => `/reconciliation?integration=${enc(integrationId)}`;

/** A run the worker has not finished: the page keeps asking until it has. */
export const isUnderway = (r: Pick<ReconRunView, 'state'>) => r.state === 'queued' || r.state === 'running';

export function useReconRuns(integrationId: string) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...reconKey(tenant.id, integrationId), 'runs'],
    queryFn: () => apiGet<ReconRunView[]>(`${reconBase(integrationId)}/runs`),
    refetchInterval: (q) => (q.state.data?.some(isUnderway) ? 2_000 : 30_000),
  });
}

export function useReconRun(integrationId: string, runId: string) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...reconKey(tenant.id, integrationId), 'run', runId],
    queryFn: () => apiGet<ReconRunDetailView>(`${reconBase(integrationId)}/runs/${enc(runId)}`),
    refetchInterval: (q) => (q.state.data && isUnderway(q.state.data.run) ? 2_000 : false),
  });
}

export function useStartRun(integrationId: string) {
  const { tenant } = useMember();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (asOf: string | undefined) =>
      apiSend<ReconRunView>('POST', `${reconBase(integrationId)}/runs`, asOf ? { asOf } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: reconKey(tenant.id, integrationId) }),
  });
}

export interface DecisionInput {
  runId: string;
  differenceId: string;
  decision: 'approve' | 'dismiss';
  /** add-mapping: the entry's value fields, e.g. { taxType: 'ZERORATED' }. */
  value?: Record<string, string>;
}

export function useDecideDifference(integrationId: string) {
  const { tenant } = useMember();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (d: DecisionInput) =>
      apiSend<ReconDifferenceView>(
        'POST',
        `${reconBase(integrationId)}/runs/${enc(d.runId)}/differences/${enc(d.differenceId)}/${d.decision}`,
        d.value ? { value: d.value } : {},
      ),
    // a refusal (409: decided already, or an accountant's fix) may mean the list is stale too
    onSettled: () => client.invalidateQueries({ queryKey: reconKey(tenant.id, integrationId) }),
  });
}

export function useReconSchedule(integrationId: string) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...reconKey(tenant.id, integrationId), 'schedule'],
    queryFn: () => apiGet<ReconScheduleEnvelope>(`${reconBase(integrationId)}/schedule`),
  });
}

export function useSaveSchedule(integrationId: string) {
  const { tenant } = useMember();
  const client = useQueryClient();
  const key = [...reconKey(tenant.id, integrationId), 'schedule'];
  return useMutation({
    mutationFn: (input: ReconScheduleInput | null) =>
      input
        ? apiSend<ReconScheduleView>('PUT', `${reconBase(integrationId)}/schedule`, input)
        : apiSend<void>('DELETE', `${reconBase(integrationId)}/schedule`).then(() => null),
    onSuccess: (schedule) => client.setQueryData<ReconScheduleEnvelope>(key, { schedule: schedule ?? null }),
  });
}

export function useLedgerSettings(integrationId: string) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: [...reconKey(tenant.id, integrationId), 'ledger-settings'],
    queryFn: () => apiGet<LedgerSettingsEnvelope>(`${reconBase(integrationId)}/ledger-settings`),
  });
}

export function useSaveLedgerSettings(integrationId: string) {
  const { tenant } = useMember();
  const client = useQueryClient();
  const key = [...reconKey(tenant.id, integrationId), 'ledger-settings'];
  return useMutation({
    mutationFn: (input: LedgerSettingsInput | null) =>
      input
        ? apiSend<LedgerSettingsView>('PUT', `${reconBase(integrationId)}/ledger-settings`, input)
        : apiSend<void>('DELETE', `${reconBase(integrationId)}/ledger-settings`).then(() => null),
    onSuccess: (settings) => client.setQueryData<LedgerSettingsEnvelope>(key, { settings: settings ?? null }),
  });
}
