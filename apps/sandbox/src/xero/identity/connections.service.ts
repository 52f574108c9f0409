import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { SandboxClock } from '../core/sandbox-clock';
import { isoNoZone } from '../core/ms-date';

export interface GrantMeta {
  grant_id: string;
  user_id: string;
  client_id: string;
  auth_event_id: string;
  global_session_id: string;
}

interface ConnectionRow {
  id: string;
  tenant_id: string;
  auth_event_id: string;
  name: string;
  created_ms: string;
  updated_ms: string;
}

/** Grants (one per consent) and the connections (user × app × organisation) they made. */
@Injectable()
export class ConnectionsService {
  constructor(
    private readonly db: SandboxDatabase,
    @Inject(SandboxClock) private readonly clock: SandboxClock,
  ) {}

  async recordConsent(grantId: string, userId: string, clientId: string, tenantIds: string[]): Promise<string> {
    const authEventId = randomUUID();
    const now = this.clock.now();
    await this.db.transaction(async (client) => {
      await client.query(
        `INSERT INTO xero_grants (grant_id, user_id, client_id, auth_event_id, global_session_id, created_ms) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (grant_id) DO UPDATE SET auth_event_id = EXCLUDED.auth_event_id`,
        [grantId, userId, clientId, authEventId, randomUUID(), now],
      );
      for (const tenantId of tenantIds) {
        await client.query(
          `INSERT INTO xero_connections (id, user_id, client_id, tenant_id, auth_event_id, created_ms, updated_ms)
           VALUES ($1,$2,$3,$4,$5,$6,$6)
           ON CONFLICT (user_id, client_id, tenant_id) DO UPDATE SET auth_event_id = EXCLUDED.auth_event_id, updated_ms = EXCLUDED.updated_ms`,
          [randomUUID(), userId, clientId, tenantId, authEventId, now],
        );
      }
    });
    return authEventId;
  }

  async grant(grantId: string): Promise<GrantMeta | undefined> {
    const rows = await this.db.query<GrantMeta>('SELECT * FROM xero_grants WHERE grant_id = $1', [grantId]);
    return rows[0];
  }

  /** GET /connections, in xero-identity.yaml's shape. */
  async list(userId: string, clientId: string, authEventId?: string): Promise<Record<string, unknown>[]> {
    const rows = await this.db.query<ConnectionRow>(
      `SELECT c.id, c.tenant_id, c.auth_event_id, o.name, c.created_ms, c.updated_ms FROM xero_connections c
       JOIN xero_orgs o ON o.id = c.tenant_id WHERE c.user_id = $1 AND c.client_id = $2
       AND ($3::uuid IS NULL OR c.auth_event_id = $3::uuid) AND (o.expires_at IS NULL OR o.expires_at > $4)
       ORDER BY c.updated_ms DESC`,
      [userId, clientId, authEventId ?? null, this.clock.nowDate()],
    );
    return rows.map((r) => ({
      id: r.id,
      authEventId: r.auth_event_id,
      tenantId: r.tenant_id,
      tenantType: 'ORGANISATION',
      tenantName: r.name,
      createdDateUtc: isoNoZone(Number(r.created_ms)),
      updatedDateUtc: isoNoZone(Number(r.updated_ms)),
    }));
  }

  async deleteOwn(userId: string, clientId: string, connectionId: string): Promise<boolean> {
    const rows = await this.db.query(
      'DELETE FROM xero_connections WHERE id::text = $1 AND user_id = $2 AND client_id = $3 RETURNING id',
      [connectionId, userId, clientId],
    );
    return rows.length > 0;
  }

  async isConnected(userId: string, clientId: string, tenantId: string): Promise<boolean> {
    // An expired try-mode organisation is gone as far as apps can tell.
    const rows = await this.db.query(
      `SELECT 1 FROM xero_connections c JOIN xero_orgs o ON o.id = c.tenant_id WHERE c.user_id = $1 AND c.client_id = $2
       AND c.tenant_id::text = $3 AND (o.expires_at IS NULL OR o.expires_at > $4)`,
      [userId, clientId, tenantId, this.clock.nowDate()],
    );
    return rows.length > 0;
  }

  /** Revoking a grant removes all of that user's connections to the app (Xero's revocation). */
  async onGrantRevoked(grantId: string): Promise<void> {
    const meta = await this.grant(grantId);
    if (!meta) return;
    await this.db.query('DELETE FROM xero_connections WHERE user_id = $1 AND client_id = $2', [
      meta.user_id,
      meta.client_id,
    ]);
    await this.db.query('DELETE FROM xero_grants WHERE grant_id = $1', [grantId]);
  }

  /** "Connected Apps" in Xero: the user removes an app from one organisation. */
  async disconnectFromOrganisation(tenantId: string, clientId?: string): Promise<number> {
    const rows = await this.db.query(
      'DELETE FROM xero_connections WHERE tenant_id = $1 AND ($2::text IS NULL OR client_id = $2) RETURNING id',
      [tenantId, clientId ?? null],
    );
    return rows.length;
  }

  async connectedApps(tenantId: string): Promise<{ client_id: string; name: string; connections: number }[]> {
    return this.db.query(
      `SELECT c.client_id, a.name, count(*)::int AS connections FROM xero_connections c JOIN xero_apps a ON a.client_id = c.client_id
       WHERE c.tenant_id = $1 GROUP BY c.client_id, a.name ORDER BY a.name`,
      [tenantId],
    );
  }

  /** Grants of users connected to an organisation (for the control API's token revocation). */
  async grantsForOrganisation(tenantId: string, clientId?: string): Promise<string[]> {
    const rows = await this.db.query<{ grant_id: string }>(
      `SELECT g.grant_id FROM xero_grants g WHERE EXISTS (SELECT 1 FROM xero_connections c WHERE c.user_id = g.user_id
       AND c.client_id = g.client_id AND c.tenant_id = $1) AND ($2::text IS NULL OR g.client_id = $2)`,
      [tenantId, clientId ?? null],
    );
    return rows.map((r) => r.grant_id);
  }
}
