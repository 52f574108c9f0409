import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BillingOverview, BillingPlan, BillingRedirect, CheckoutInput } from '../../api/types';
import { apiGet, apiSend } from '../../lib/api-client';
import { useMember } from '../session/use-session';

export type { BillingBanner, BillingOverview, BillingPlan, BillingPrice } from '../../api/types';

export const billingKey = (tenantId: string) => ['tenant', tenantId, 'billing'] as const;

/**
 * The tenant's standing, plan, usage and banners. `pollMs` is set while we wait for Stripe's
 * webhook after a checkout or the portal; otherwise a slow refresh keeps the banners current.
 */
export function useBilling(pollMs?: number | false) {
  const { tenant } = useMember();
  return useQuery({
    queryKey: billingKey(tenant.id),
    queryFn: () => apiGet<BillingOverview>('/api/billing'),
    refetchInterval: pollMs || 5 * 60_000,
    staleTime: 30_000,
  });
}

export function usePlans() {
  const { tenant } = useMember();
  return useQuery({
    queryKey: ['tenant', tenant.id, 'billing-plans'],
    queryFn: () => apiGet<BillingPlan[]>('/api/billing/plans'),
    staleTime: 5 * 60_000,
  });
}

/** Checkout and the portal hand the browser to Stripe: the page is left, so no cache to update. */
export function useCheckout() {
  return useMutation({
    mutationFn: (input: CheckoutInput) => apiSend<BillingRedirect>('POST', '/api/billing/checkout', input),
    onSuccess: ({ url }) => window.location.assign(url),
  });
}

export function usePortal() {
  return useMutation({
    mutationFn: () => apiSend<BillingRedirect>('POST', '/api/billing/portal'),
    onSuccess: ({ url }) => window.location.assign(url),
  });
}

export function useChooseActive() {
  const { tenant } = useMember();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (integrationIds: string[]) =>
      apiSend<BillingOverview>('PUT', '/api/billing/active-integrations', { integrationIds }),
    onSuccess: (overview) => client.setQueryData(billingKey(tenant.id), overview),
  });
}
