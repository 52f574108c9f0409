import type { Configuration, ServerMetadata } from 'openid-client' with { 'resolution-mode': 'import' };
import { toXeroCallError } from './identity-errors';
import { openIdClient } from './openid-client';
import { TokenResponse } from './token-set';

export interface IdentityClientOptions {
  identityUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  /** Plain-http issuers (the local sandbox) are refused unless this is set (never in production). */
  allowHttp: boolean;
}

/** What the consent redirect brought back, and what we sent that it must match. */
export interface AuthorisationCallback {
  /** The query of the request to our redirect URI (code, state, and iss where Xero sends it). */
  params: URLSearchParams;
  expectedState?: string;
  codeVerifier?: string;
}

export interface CodeExchange {
  tokens: TokenResponse;
  /** Claims of the id_token, whose issuer, audience and expiry openid-client checked. */
  idClaims: Record<string, unknown>;
  /**
   * performance.now() of this process taken before the code went to Xero: the tokens were issued
   * after it, so their expiry counted from it errs early (see expiryOnDbClock).
   */
  askedAt: number;
}

/** Discovery is cached per process and issuer (Xero's WAF dislikes repeated discovery). */
const discovered = new Map<string, Promise<ServerMetadata>>();

/**
 * Xero Identity through openid-client (xero-node hard-codes identity.xero.com and sets no
 * deadlines): discovery, consent URL, code exchange (state, PKCE and id_token claims checked by
 * the library), refresh and revocation against a configurable issuer, each with a deadline. The
 * client secret goes in Basic auth, as Xero documents, and never into logs or errors.
 */
export class IdentityClient {
  private config?: Promise<Configuration>;

  constructor(private readonly o: IdentityClientOptions) {}

  async consentUrl(p: {
    redirectUri: string;
    scopes: string[];
    state: string;
    codeChallenge?: string;
  }): Promise<string> {
    const params: Record<string, string> = { redirect_uri: p.redirectUri, scope: p.scopes.join(' '), state: p.state };
    if (p.codeChallenge) Object.assign(params, { code_challenge: p.codeChallenge, code_challenge_method: 'S256' });
    return openIdClient()
      .buildAuthorizationUrl(await this.configuration(), params)
      .toString();
  }

  /** `redirectUri` is the one the consent URL named: the token request must repeat it exactly. */
  async exchangeCode(redirectUri: string, callback: AuthorisationCallback): Promise<CodeExchange> {
    const client = openIdClient();
    const current = new URL(redirectUri);
    current.search = callback.params.toString();
    const askedAt = performance.now();
    const tokens = await this.call('the code exchange', async () =>
      client.authorizationCodeGrant(await this.configuration(), current, {
        expectedState: callback.expectedState,
        pkceCodeVerifier: callback.codeVerifier,
      }),
    );
    return { tokens: toTokenResponse(tokens), idClaims: { ...tokens.claims() }, askedAt };
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    const client = openIdClient();
    const tokens = await this.call('the refresh', async () =>
      client.refreshTokenGrant(await this.configuration(), refreshToken),
    );
    return toTokenResponse(tokens);
  }

  /** Revokes the whole grant: every organisation it connected. */
  async revoke(refreshToken: string): Promise<void> {
    const client = openIdClient();
    await this.call('the revocation', async () =>
      client.tokenRevocation(await this.configuration(), refreshToken, { token_type_hint: 'refresh_token' }),
    );
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toXeroCallError(what, e);
    }
  }

  /** One Configuration per client (it holds the JWKS cache); the discovered metadata is shared. */
  private configuration(): Promise<Configuration> {
    this.config ??= this.build().catch((e: unknown) => {
      this.config = undefined; // try again next time (the identity server may be starting)
      throw toXeroCallError('discovery', e);
    });
    return this.config;
  }

  private async build(): Promise<Configuration> {
    const client = openIdClient();
    const config = new client.Configuration(
      await this.discover(),
      this.o.clientId,
      undefined,
      client.ClientSecretBasic(this.o.clientSecret),
    );
    config.timeout = this.o.timeoutMs / 1000; // openid-client's deadline per request, in seconds
    if (this.o.allowHttp) client.allowInsecureRequests(config);
    return config;
  }

  private discover(): Promise<ServerMetadata> {
    let metadata = discovered.get(this.o.identityUrl);
    if (!metadata) {
      const client = openIdClient();
      metadata = client
        .discovery(new URL(this.o.identityUrl), this.o.clientId, undefined, undefined, {
          timeout: this.o.timeoutMs / 1000,
          execute: this.o.allowHttp ? [client.allowInsecureRequests] : [],
        })
        .then((c) => c.serverMetadata());
      void metadata.catch(() => discovered.delete(this.o.identityUrl));
      discovered.set(this.o.identityUrl, metadata);
    }
    return metadata;
  }
}

function toTokenResponse(t: {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
  token_type: string;
  scope?: string;
}): TokenResponse {
  return {
    access_token: t.access_token,
    refresh_token: t.refresh_token,
    id_token: t.id_token,
    expires_in: t.expires_in ?? 1800, // Xero always says; its access tokens live 30 minutes
    token_type: t.token_type,
    scope: t.scope,
  };
}
