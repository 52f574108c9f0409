import { OidcContext } from './oidc-types';
import { OIDC_SCOPES } from './scopes';

// oidc-provider answers a token request with the access token's scope, which (bound to the API
// resource) holds only the accounting scopes. Xero's token response lists every scope granted,
// "openid profile email accounting.transactions offline_access", so the OIDC scopes the code or
// refresh token carries are added back.

export type TokenEndpointContext = Pick<OidcContext, 'body'> & { oidc?: Partial<OidcContext['oidc']> };

function words(value: unknown): string[] {
  return typeof value === 'string' ? value.split(' ').filter(Boolean) : [];
}

/** The scope a token response should state: the access token's, plus the granted OIDC scopes. */
export function grantedScope(ctx: TokenEndpointContext): string | undefined {
  const body = ctx.body as { scope?: unknown } | undefined;
  const entity = ctx.oidc?.entities?.AuthorizationCode ?? ctx.oidc?.entities?.RefreshToken;
  if (!body || !entity) return undefined;
  const carried = words(entity.scope);
  // A refresh may ask for fewer scopes than the grant holds; only those are reported.
  const asked = ctx.oidc?.params?.scope ? words(ctx.oidc.params.scope) : carried;
  const oidc = asked.filter((s) => OIDC_SCOPES.includes(s) && carried.includes(s));
  const api = words(body.scope).filter((s) => !OIDC_SCOPES.includes(s));
  return [...oidc, ...api].join(' ') || undefined;
}

/** Koa middleware for the provider: rewrites `scope` in successful token responses. */
export async function reportGrantedScope(ctx: TokenEndpointContext, next: () => Promise<void>): Promise<void> {
  await next();
  if (ctx.oidc?.route !== 'token' || typeof ctx.body !== 'object' || ctx.body === null) return;
  if (!('access_token' in ctx.body)) return;
  const scope = grantedScope(ctx);
  if (scope) (ctx.body as { scope?: string }).scope = scope;
}
