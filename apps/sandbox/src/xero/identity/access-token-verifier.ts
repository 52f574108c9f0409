import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { SandboxDatabase } from '../../db/sandbox-database';
import { requireEsm } from '../core/esm';
import { SandboxClock } from '../core/sandbox-clock';
import { unauthorized } from '../core/xero-errors';
import { ConnectionsService } from './connections.service';
import { OidcKeys } from './oidc-keys';
import { text } from '../core/json';

export interface Caller {
  userId: string;
  clientId: string;
  grantId: string;
  scopes: string[];
  authEventId: string;
}

/**
 * Checks a Bearer access token the way Xero's API gateway would: signature, issuer, audience,
 * then expiry on the sandbox clock (so moving the clock expires tokens) and a live grant.
 */
export class AccessTokenVerifier {
  private readonly jose = requireEsm<typeof Jose>('jose');
  private readonly keySet: ReturnType<typeof Jose.createLocalJWKSet>;

  constructor(
    keys: OidcKeys,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly db: SandboxDatabase,
    private readonly clock: SandboxClock,
    private readonly connections: ConnectionsService,
  ) {
    // The public half of each key: the private RSA members are dropped.
    const publicKeys = keys.jwks.keys.map(({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub }) => pub);
    this.keySet = this.jose.createLocalJWKSet({ keys: publicKeys });
  }

  async verify(authorization: string | undefined): Promise<Caller> {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw unauthorized();
    let payload: Jose.JWTPayload;
    try {
      const decoded = this.jose.decodeJwt(token);
      // Signature, iss and aud here; expiry below on the sandbox clock.
      ({ payload } = await this.jose.jwtVerify(token, this.keySet, {
        issuer: this.issuer,
        audience: this.audience,
        currentDate: new Date((decoded.iat ?? 0) * 1000),
      }));
    } catch {
      throw unauthorized();
    }
    const rows = await this.db.query<{ grant_id: string; sandbox_expires_ms: string }>(
      'SELECT grant_id, sandbox_expires_ms FROM xero_access_tokens WHERE jti = $1',
      [payload.jti],
    );
    const row = rows[0];
    if (!row) throw unauthorized();
    if (Number(row.sandbox_expires_ms) < this.clock.now()) throw unauthorized('TokenExpired: token expired');
    const grant = await this.connections.grant(row.grant_id);
    if (!grant) throw unauthorized();
    const scope = payload.scope;
    return {
      userId: grant.user_id,
      clientId: grant.client_id,
      grantId: grant.grant_id,
      scopes: Array.isArray(scope) ? scope.filter((s) => typeof s === 'string') : (text(scope) ?? '').split(' '),
      authEventId: grant.auth_event_id,
    };
  }
}
