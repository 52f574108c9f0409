import { XeroCallError } from '../errors/xero-call-error';
import { TokenResponse } from './token-set';

export interface IdentityEndpoints {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint: string;
  jwks_uri?: string;
}

export interface IdentityClientOptions {
  identityUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
}

const discovered = new Map<string, Promise<IdentityEndpoints>>();

/**
 * Our small adapter for Xero Identity (xero-node hard-codes identity.xero.com): discovery,
 * code exchange, refresh and revocation against a configurable issuer, each with a deadline.
 * The client secret goes in Basic auth and never into logs or errors.
 */
export class IdentityClient {
  constructor(private readonly o: IdentityClientOptions) {}

  /** Discovery is cached per process and issuer (Xero's WAF dislikes repeated discovery). */
  endpoints(): Promise<IdentityEndpoints> {
    let p = discovered.get(this.o.identityUrl);
    if (!p) {
      p = this.fetchJson('GET', `${this.o.identityUrl}/.well-known/openid-configuration`) as Promise<IdentityEndpoints>;
      p.catch(() => discovered.delete(this.o.identityUrl));
      discovered.set(this.o.identityUrl, p);
    }
    return p;
  }

  async consentUrl(p: {
    redirectUri: string;
    scopes: string[];
    state: string;
    codeChallenge?: string;
  }): Promise<string> {
    const url = new URL((await this.endpoints()).authorization_endpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.o.clientId);
    url.searchParams.set('redirect_uri', p.redirectUri);
    url.searchParams.set('scope', p.scopes.join(' '));
    url.searchParams.set('state', p.state);
    if (p.codeChallenge) {
      url.searchParams.set('code_challenge', p.codeChallenge);
      url.searchParams.set('code_challenge_method', 'S256');
    }
    return url.toString();
  }

  async exchangeCode(code: string, redirectUri: string, codeVerifier?: string): Promise<TokenResponse> {
    const form: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
    if (codeVerifier) form.code_verifier = codeVerifier;
    return (await this.fetchJson('POST', (await this.endpoints()).token_endpoint, form)) as TokenResponse;
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    return (await this.fetchJson('POST', (await this.endpoints()).token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    })) as TokenResponse;
  }

  /** Revokes the whole grant: every organisation it connected. */
  async revoke(refreshToken: string): Promise<void> {
    await this.fetchJson('POST', (await this.endpoints()).revocation_endpoint, {
      token: refreshToken,
      token_type_hint: 'refresh_token',
    });
  }

  private async fetchJson(method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.authorization = `Basic ${Buffer.from(`${this.o.clientId}:${this.o.clientSecret}`).toString('base64')}`;
    }
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: form ? new URLSearchParams(form).toString() : undefined,
        signal: AbortSignal.timeout(this.o.timeoutMs),
        redirect: 'error',
      });
    } catch (e) {
      throw new XeroCallError('transient', `Xero Identity unreachable (${(e as Error).name}: ${(e as Error).message})`);
    }
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    if (res.ok) return body;
    const error = typeof body.error === 'string' ? body.error : `http_${res.status}`;
    if (error === 'invalid_grant' || error === 'invalid_client' || error === 'unauthorized_client') {
      throw new XeroCallError('auth', `Xero Identity refused: ${error}`, { status: res.status, authReason: error });
    }
    if (res.status === 429 || res.status >= 500)
      throw new XeroCallError('transient', `Xero Identity ${res.status}`, { status: res.status });
    throw new XeroCallError('permanent', `Xero Identity ${res.status}: ${error}`, { status: res.status });
  }
}
