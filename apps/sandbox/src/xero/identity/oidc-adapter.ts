import { SandboxDatabase } from '../../db/sandbox-database';
import { SandboxClock } from '../core/sandbox-clock';
import { AppRegistry } from '../apps/app-registry';

export const REFRESH_LIFETIME_S = 60 * 86400;
export const REFRESH_GRACE_S = 30 * 60;

type Payload = Record<string, unknown>;

/**
 * oidc-provider storage in the sandbox database. Two Xero rules live here because the provider
 * cannot express them on a scaled, movable clock:
 * - a refresh token dies 60 sandbox days after it was issued (each refresh issues a new one);
 * - a rotated (consumed) refresh token keeps working for a 30-minute grace, then is unknown
 *   (invalid_grant) – without revoking the grant, so the newer token lives on.
 */
export class SandboxOidcAdapter {
  constructor(
    private readonly model: string,
    private readonly db: SandboxDatabase,
    private readonly clock: SandboxClock,
    private readonly apps: AppRegistry,
    private readonly onGrantDestroyed: (grantId: string) => Promise<void>,
  ) {}

  async upsert(id: string, payload: Payload, expiresIn: number): Promise<void> {
    const expires = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    await this.db.query(
      `INSERT INTO xero_oidc (model, id, payload, grant_id, uid, expires_at, sandbox_created_ms) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
      [
        this.model,
        id,
        payload,
        (payload.grantId as string) ?? null,
        (payload.uid as string) ?? null,
        expires,
        this.clock.now(),
      ],
    );
  }

  async find(id: string): Promise<Payload | undefined> {
    if (this.model === 'Client') return this.findClient(id);
    const rows = await this.db.query<{
      payload: Payload;
      expires_at: Date | null;
      sandbox_created_ms: string;
      sandbox_consumed_ms: string | null;
    }>(
      'SELECT payload, expires_at, sandbox_created_ms, sandbox_consumed_ms FROM xero_oidc WHERE model = $1 AND id = $2',
      [this.model, id],
    );
    const row = rows[0];
    if (!row || (row.expires_at && row.expires_at.getTime() < Date.now())) return undefined;
    if (this.model !== 'RefreshToken') return row.payload;
    const now = this.clock.now();
    if (now - Number(row.sandbox_created_ms) > REFRESH_LIFETIME_S * 1000) return undefined;
    if (row.sandbox_consumed_ms === null) return row.payload;
    if (now - Number(row.sandbox_consumed_ms) > REFRESH_GRACE_S * 1000) return undefined;
    const { consumed: _consumed, ...fresh } = row.payload;
    return fresh;
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    const rows = await this.db.query<{ id: string }>('SELECT id FROM xero_oidc WHERE model = $1 AND uid = $2', [
      this.model,
      uid,
    ]);
    return rows[0] ? this.find(rows[0].id) : undefined;
  }

  findByUserCode(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  async consume(id: string): Promise<void> {
    await this.db.query(
      `UPDATE xero_oidc SET payload = payload || jsonb_build_object('consumed', $3::bigint),
         sandbox_consumed_ms = COALESCE(sandbox_consumed_ms, $4) WHERE model = $1 AND id = $2`,
      [this.model, id, Math.floor(Date.now() / 1000), this.clock.now()],
    );
  }

  async destroy(id: string): Promise<void> {
    // Revocation destroys the grant: Xero then removes the user's connections to the app.
    if (this.model === 'Grant') await this.onGrantDestroyed(id);
    await this.db.query('DELETE FROM xero_oidc WHERE model = $1 AND id = $2', [this.model, id]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.query('DELETE FROM xero_oidc WHERE model = $1 AND grant_id = $2', [this.model, grantId]);
  }

  private async findClient(id: string): Promise<Payload | undefined> {
    const app = await this.apps.find(id);
    if (!app) return undefined;
    return {
      client_id: app.client_id,
      client_name: app.name,
      redirect_uris: app.redirect_uris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // Web apps are confidential (Basic auth; a secret in the body is rewritten to Basic before the
      // provider sees it); PKCE apps are public clients and must send a code_verifier.
      ...(app.app_type === 'pkce'
        ? { token_endpoint_auth_method: 'none' }
        : { client_secret: app.client_secret, token_endpoint_auth_method: 'client_secret_basic' }),
    };
  }
}
