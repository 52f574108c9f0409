// Loads oidc-provider (ESM-only) for the sandbox's identity server. On load it prints
// "oidc-provider WARNING: Unsupported runtime. Use Node.js v22.x LTS, or a later LTS release." on
// any Node that is not an LTS line from 22 (Jod) on, without checking for any feature: it states
// its maintainers' support policy. We support Node 20.19+ as well (README), where it runs: every
// identity spec (apps/sandbox/src/xero/identity/*.int-spec.ts) and the sign-in e2e suites pass on
// 20.20. So that one line, and only while the module loads, is dropped; the Docker image runs
// Node 22 LTS, where it is never printed. Any other warning goes through.
import { requireEsm } from '../core/esm';
import { InteractionPolicyModule, OidcProvider } from './oidc-types';

export const UNSUPPORTED_RUNTIME = 'oidc-provider WARNING: Unsupported runtime.';

export interface OidcProviderModule {
  default: new (issuer: string, config: Record<string, unknown>) => OidcProvider;
  interactionPolicy: InteractionPolicyModule;
}

/** Runs `load` with console.warn passing everything but oidc-provider's runtime notice. */
export function withoutRuntimeNotice<T>(load: () => T, target: Pick<Console, 'warn'> = console): T {
  const warn = target.warn;
  target.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes(UNSUPPORTED_RUNTIME)) return;
    warn.apply(target, args);
  };
  try {
    return load();
  } finally {
    target.warn = warn;
  }
}

export function loadOidcProvider(): OidcProviderModule {
  return withoutRuntimeNotice(() => requireEsm<OidcProviderModule>('oidc-provider'));
}
