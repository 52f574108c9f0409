/**
 * The tenant class: the one tenant label metrics carry. Never a tenant id (one series per tenant
 * would grow without bound); a small fixed set instead:
 * - a configured plan name (LB_PLAN_ALLOWANCES; every tenant is on LB_DEFAULT_PLAN until tenants
 *   carry a plan of their own),
 * - 'trial' for a sandbox-trial tenant ("try with the sandbox": its only X3 folders are sandbox
 *   folders, x3_connections.is_sandbox; a tenant with no folder yet is on its plan),
 * - 'unknown' when the call has no tenant (sign-in, a webhook before routing) or it could not be read.
 */
export const TENANT_CLASS_TRIAL = 'trial';
export const TENANT_CLASS_UNKNOWN = 'unknown';

export interface TenantFacts {
  /** The tenant has X3 connections and every one of them is a sandbox-trial folder. */
  sandboxOnly: boolean;
  /** The tenant's own plan, once tenants carry one (billing); null or absent until then. */
  plan?: string | null;
}

export interface TenantClassConfig {
  /** The configured plan names (keys of LB_PLAN_ALLOWANCES). */
  plans: readonly string[];
  defaultPlan: string;
}

export function tenantClassOf(facts: TenantFacts | null | undefined, config: TenantClassConfig): string {
  if (!facts) return TENANT_CLASS_UNKNOWN;
  if (facts.sandboxOnly) return TENANT_CLASS_TRIAL;
  const plan = facts.plan ?? config.defaultPlan;
  // a plan not (or no longer) configured must not mint a label value of its own
  return config.plans.includes(plan) ? plan : config.defaultPlan;
}

/** Every value tenantClassOf can return under this configuration (for documentation and tests). */
export function tenantClasses(config: TenantClassConfig): string[] {
  return [...new Set([...config.plans, config.defaultPlan, TENANT_CLASS_TRIAL, TENANT_CLASS_UNKNOWN])];
}

/** Plan names from LB_PLAN_ALLOWANCES ("standard=2500/2000,pro=5000/5000"). */
export function planNamesOf(allowances: string): string[] {
  return allowances
    .split(',')
    .map((entry) => entry.split('=')[0]?.trim())
    .filter((name): name is string => !!name);
}
