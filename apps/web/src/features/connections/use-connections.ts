import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../lib/api-client';
import type {
  ConnectionsView,
  TrialResult,
  X3AuthInput,
  X3ConnectionInput as ApiX3ConnectionInput,
  X3ConnectionReport,
  X3ConnectionView,
  XeroConnectionView,
} from '../../api/types';
import { useMember } from '../session/use-session';

export type { ConnectionsView, X3ConnectionView, XeroConnectionView } from '../../api/types';

/** The form's credentials: the api's X3AuthDto with what each mode requires (the api checks again). */
export type X3Auth = X3AuthInput &
  ({ mode: 'jwt'; clientId: string; secret: string } | { mode: 'basic'; password: string });

export type X3ConnectionInput = Omit<ApiX3ConnectionInput, 'auth'> & { auth: X3Auth };

export interface X3Exposes {
  groups: string[];
  types: string[];
  missingTypes: string[];
  companies: NonNullable<X3ConnectionReport['companies']>;
  counts: Record<string, number>;
}

export type X3TestResult = { ok: true; exposes: X3Exposes } | { ok: false; error: { kind: string; message: string } };

/** The report leaves out what a folder did not answer; the form wants every list, empty or not. */
export function normaliseTestResult(report: X3ConnectionReport): X3TestResult {
  if (!report.ok)
    return { ok: false, error: report.error ?? { kind: 'unknown', message: 'Sage X3 did not answer as expected' } };
  return {
    ok: true,
    exposes: {
      groups: report.groups ?? [],
      types: report.types ?? [],
      missingTypes: report.missingTypes ?? [],
      companies: report.companies ?? [],
      counts: report.counts ?? {},
    },
  };
}

export const connectionsKey = (tenantId: string) => ['tenant', tenantId, 'connections'] as const;

/**
 * Asks the api to check with Xero which organisations are still connected (a disconnect made in
 * Xero's Connected Apps tells us nothing otherwise), then re-reads the list. One check per tab
 * every 30 s while a page that shows connections is open and visible; shared by every component.
 */
const XERO_CHECK_MS = 30_000;

function useXeroCheck(tenantId: string) {
  const client = useQueryClient();
  useQuery({
    queryKey: ['tenant', tenantId, 'connections', 'xero-check'],
    queryFn: async () => {
      await apiSend('POST', '/api/connections/xero/refresh').catch(() => undefined);
      await client.invalidateQueries({ queryKey: connectionsKey(tenantId), exact: true });
      return Date.now();
    },
    refetchInterval: XERO_CHECK_MS,
    refetchIntervalInBackground: false,
    staleTime: XERO_CHECK_MS,
    retry: false,
  });
}

/**
 * Reconnecting an organisation makes a new connection row; the old, disconnected one stays as
 * history. Show one row per organisation: the live one, else the latest.
 */
export function latestPerOrganisation(rows: XeroConnectionView[]): XeroConnectionView[] {
  const rank = (c: XeroConnectionView) => (c.status === 'active' ? 2 : c.status === 'needs_reauthorisation' ? 1 : 0);
  const when = (c: XeroConnectionView) => Date.parse(c.statusChangedAt ?? c.connectedAt) || 0;
  const best = new Map<string, XeroConnectionView>();
  for (const c of rows) {
    const seen = best.get(c.xeroTenantId);
    if (!seen || rank(c) > rank(seen) || (rank(c) === rank(seen) && when(c) > when(seen))) best.set(c.xeroTenantId, c);
  }
  return rows.filter((c) => best.get(c.xeroTenantId) === c);
}

/** Polled, so a disconnect made at Xero (Connected Apps) shows up without a reload. */
export function useConnections(pollMs = 15_000) {
  const { tenant } = useMember();
  useXeroCheck(tenant.id);
  return useQuery({
    queryKey: connectionsKey(tenant.id),
    queryFn: async () => {
      const all = await apiGet<ConnectionsView>('/api/connections');
      return { ...all, xero: latestPerOrganisation(all.xero) };
    },
    refetchInterval: pollMs,
    refetchOnWindowFocus: true,
  });
}

function useInvalidateConnections() {
  const { tenant } = useMember();
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: connectionsKey(tenant.id) }),
      client.invalidateQueries({ queryKey: ['tenant', tenant.id, 'integrations'] }),
    ]);
}

export function useDisconnectXero() {
  const invalidate = useInvalidateConnections();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/api/connections/xero/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}

export function useTestX3() {
  return useMutation({
    mutationFn: async (input: X3ConnectionInput) =>
      normaliseTestResult(await apiSend<X3ConnectionReport>('POST', '/api/connections/x3/test', input)),
  });
}

export function useCreateX3() {
  const invalidate = useInvalidateConnections();
  return useMutation({
    mutationFn: (input: X3ConnectionInput) => apiSend<X3ConnectionView>('POST', '/api/connections/x3', input),
    onSuccess: invalidate,
  });
}

export function useUpdateX3Credentials() {
  const invalidate = useInvalidateConnections();
  return useMutation({
    mutationFn: ({ id, auth }: { id: string; auth: X3Auth }) =>
      apiSend('PATCH', `/api/connections/x3/${encodeURIComponent(id)}/credentials`, { auth }),
    onSuccess: invalidate,
  });
}

export function useDeleteX3() {
  const invalidate = useInvalidateConnections();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/api/connections/x3/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}

export function useTrySandbox() {
  const invalidate = useInvalidateConnections();
  return useMutation({
    mutationFn: () => apiSend<TrialResult>('POST', '/api/sandbox/try'),
    onSuccess: invalidate,
  });
}

/** Browser navigation to Xero's consent screen; Xero sends the browser back to `returnTo`. */
export function xeroConnectUrl(returnTo: string): string {
  return `/api/xero/connect?${new URLSearchParams({ returnTo })}`;
}
