import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../lib/api-client';
import { useMember } from '../session/use-session';

export type ConnectionStatus = 'active' | 'needs_reauthorisation' | 'disconnected';

export interface XeroConnectionView {
  id: string;
  name: string;
  xeroTenantId: string;
  status: ConnectionStatus;
  statusReason: string | null;
  statusChangedAt?: string | null;
  authorisedBy: string | null;
  connectedAt: string;
}

export interface X3ConnectionView {
  id: string;
  name: string;
  baseUrl: string;
  folder: string;
  companies: string[];
  authMode: 'jwt' | 'basic';
  status: string;
  lastTestedAt: string | null;
  lastError?: string | null;
  user?: string;
  clientId?: string | null;
  isSandbox?: boolean;
}

export interface ConnectionsView {
  xero: XeroConnectionView[];
  x3: X3ConnectionView[];
}

export type X3Auth =
  { mode: 'jwt'; clientId: string; secret: string; user: string } | { mode: 'basic'; user: string; password: string };

export interface X3ConnectionInput {
  name: string;
  baseUrl: string;
  folder: string;
  companies: string[];
  auth: X3Auth;
  caPem?: string;
}

export interface X3Exposes {
  groups: string[];
  types: string[];
  missingTypes: string[];
  companies: Array<{ code: string; name: string; currency: string }>;
  counts: Record<string, number>;
}

export type X3TestResult = { ok: true; exposes: X3Exposes } | { ok: false; error: { kind: string; message: string } };

/** The api answers the report flat ({ok, groups, companies, ...}); older drafts nested it under `exposes`. */
type RawTestResult = Partial<X3Exposes> & {
  ok: boolean;
  exposes?: Partial<X3Exposes>;
  error?: { kind: string; message: string };
};

export function normaliseTestResult(raw: RawTestResult): X3TestResult {
  if (!raw.ok)
    return { ok: false, error: raw.error ?? { kind: 'unknown', message: 'Sage X3 did not answer as expected' } };
  const e = raw.exposes ?? raw;
  return {
    ok: true,
    exposes: {
      groups: e.groups ?? [],
      types: e.types ?? [],
      missingTypes: e.missingTypes ?? [],
      companies: e.companies ?? [],
      counts: (e.counts ?? {}) as Record<string, number>,
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
      normaliseTestResult(await apiSend<RawTestResult>('POST', '/api/connections/x3/test', input)),
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
    mutationFn: () =>
      apiSend<{ integrationId: string; xeroConnectionId: string; x3ConnectionId: string }>('POST', '/api/sandbox/try'),
    onSuccess: invalidate,
  });
}

/** Browser navigation to Xero's consent screen; Xero sends the browser back to `returnTo`. */
export function xeroConnectUrl(returnTo: string): string {
  return `/api/xero/connect?${new URLSearchParams({ returnTo })}`;
}
