import { SandboxDatabase } from '../../db/sandbox-database';
import { AppRegistry } from '../apps/app-registry';
import { intoRealmOf } from '../core/esm';
import { SandboxClock } from '../core/sandbox-clock';
import { XeroUsers } from '../orgs/users';
import { ConnectionsService } from './connections.service';
import { REFRESH_LIFETIME_S, SandboxOidcAdapter } from './oidc-adapter';
import { OidcKeys } from './oidc-keys';
import { API_SCOPES, OIDC_SCOPES } from './scopes';
import { OidcContext, OidcProvider } from './oidc-types';
import { loadOidcProvider } from './oidc-provider-module';
import { shown, text } from '../core/json';
import { reportGrantedScope } from './token-response-scope';

export const ACCESS_TOKEN_S = 30 * 60;

export interface ProviderDeps {
  issuer: string;
  db: SandboxDatabase;
  clock: SandboxClock;
  apps: AppRegistry;
  users: XeroUsers;
  connections: ConnectionsService;
  keys: OidcKeys;
}

export function resourceAudience(issuer: string): string {
  return `${issuer}/resources`;
}

/** Real seconds a lifetime of `sandboxSeconds` takes on the scaled clock. */
function scaled(clock: SandboxClock, sandboxSeconds: number): number {
  return Math.max(1, Math.round(sandboxSeconds / clock.scale));
}

export function userIdFromSub(sub: string): string {
  return sub.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

/** oidc-provider configured as identity.xero.com behaves; every Xero-specific rule is commented. */
export function buildProvider(deps: ProviderDeps): OidcProvider {
  const mod = loadOidcProvider();
  const Provider = mod.default;
  const { base, Check } = mod.interactionPolicy;
  const { clock, users, connections, issuer } = deps;
  const audience = resourceAudience(issuer);

  // Xero shows the organisation picker on every authorisation, so consent is always asked for.
  const policy = base();
  policy
    .get('consent')
    .checks.add(
      new Check('xero_pick_orgs', 'the user picks organisations on every authorisation', (ctx: OidcContext) =>
        ctx.oidc.result?.consent ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT,
      ),
    );

  const configuration: Record<string, unknown> = {
    adapter: (name: string) =>
      new SandboxOidcAdapter(name, deps.db, clock, deps.apps, (id) => connections.onGrantRevoked(id)),
    jwks: deps.keys.jwks,
    cookies: { keys: deps.keys.cookieKeys, long: { signed: true }, short: { signed: true } },
    scopes: [...OIDC_SCOPES, ...API_SCOPES],
    claims: {
      openid: ['sub'],
      email: ['email'],
      profile: ['xero_userid', 'given_name', 'family_name', 'preferred_username', 'global_session_id'],
    },
    // Xero puts email and profile claims in the id_token itself.
    conformIdTokenClaims: false,
    findAccount: async (ctx: OidcContext, sub: string) => {
      const user = await users.byId(userIdFromSub(sub));
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => {
          const grantId = ctx.oidc.entities.Grant?.jti ?? ctx.oidc.entities.RefreshToken?.grantId;
          const meta = grantId ? await connections.grant(grantId) : undefined;
          return {
            sub,
            xero_userid: user.id,
            email: user.email,
            given_name: user.given_name,
            family_name: user.family_name,
            preferred_username: user.email,
            global_session_id: meta?.global_session_id ?? user.id.replace(/-/g, ''),
          };
        },
      };
    },
    features: {
      devInteractions: { enabled: false },
      // Only the app a token was issued to may revoke it.
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx: OidcContext, client: { clientId: string }, token: { clientId?: string }) =>
          Promise.resolve(token.clientId === client.clientId),
      },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: API_SCOPES.join(' '),
          audience,
          accessTokenFormat: 'jwt',
          accessTokenTTL: scaled(clock, ACCESS_TOKEN_S),
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    // PKCE (S256) whenever sent; required of public (PKCE-app) clients.
    pkce: {
      required: (_ctx: OidcContext, client: { tokenEndpointAuthMethod?: string }) =>
        client.tokenEndpointAuthMethod === 'none',
    },
    routes: {
      authorization: '/connect/authorize',
      token: '/connect/token',
      revocation: '/connect/revocation',
      userinfo: '/connect/userinfo',
      jwks: '/.well-known/openid-configuration/jwks',
      end_session: '/connect/endsession',
    },
    ttl: {
      AccessToken: scaled(clock, ACCESS_TOKEN_S),
      AuthorizationCode: scaled(clock, 300),
      IdToken: scaled(clock, 300),
      // The sandbox clock decides refresh-token death (see the adapter); this is only a backstop.
      RefreshToken: scaled(clock, REFRESH_LIFETIME_S),
      Grant: 10 * 365 * 86400,
      Session: 14 * 86400,
      Interaction: 3600,
    },
    rotateRefreshToken: true,
    interactions: {
      url: (_ctx: OidcContext, interaction: { uid: string }) => `/identity/interaction/${interaction.uid}`,
      policy,
    },
    formats: {
      customizers: {
        // Xero's access tokens carry the user, the auth event and scopes as an array.
        jwt: async (
          _ctx: OidcContext,
          token: { grantId?: string },
          jwt: { payload: { scope?: unknown; jti?: string } & Record<string, unknown> },
        ) => {
          const meta = token.grantId ? await connections.grant(token.grantId) : undefined;
          const scope = typeof jwt.payload.scope === 'string' ? jwt.payload.scope.split(' ') : [];
          Object.assign(jwt.payload, {
            scope,
            xero_userid: meta?.user_id,
            authentication_event_id: meta?.auth_event_id,
            global_session_id: meta?.global_session_id,
            idp: 'Xero',
            amr: ['pwd'],
          });
          if (token.grantId) {
            await deps.db.query(
              'INSERT INTO xero_access_tokens (jti, grant_id, sandbox_expires_ms) VALUES ($1,$2,$3) ON CONFLICT (jti) DO NOTHING',
              [jwt.payload.jti, token.grantId, clock.now() + ACCESS_TOKEN_S * 1000],
            );
          }
        },
      },
    },
    clientBasedCORS: () => true,
    renderError: (ctx: OidcContext, out: Record<string, unknown>) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Xero sandbox – error</title></head><body><main><h1>Something went wrong</h1><p role="alert">${escapeHtml(shown(out.error))}: ${escapeHtml(text(out.error_description) ?? '')}</p></main></body></html>`;
      return Promise.resolve();
    },
  };
  const provider = new Provider(issuer, intoRealmOf(Provider, configuration));
  provider.use(reportGrantedScope);
  return provider;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
