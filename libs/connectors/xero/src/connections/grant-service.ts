import { In, Not } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { GrantTokens } from '../auth/grant-tokens';
import { ConnectionsClient, XeroConnectionInfo } from '../auth/connections-client';
import { AuthorisationCallback, CodeExchange, IdentityClient } from '../auth/identity-client';
import { accessLifetimeMs, expiryOnDbClock, jwtClaims, toTokenSet } from '../auth/token-set';
import { XeroConnection } from '../entities/xero-connection.entity';
import { XeroGrant } from '../entities/xero-grant.entity';
import { isXeroCallError } from '../errors/xero-call-error';
import { isUniqueViolation, XeroOrganisationTakenError } from './org-taken.error';
import { XeroRouting } from './xero-routing';

export interface AuthorisationResult {
  grantId: string;
  connections: Array<{ id: string; xeroTenantId: string; tenantName: string }>;
  /** Organisations that already belong to another tenant (not connected here). */
  refused: Array<{ xeroTenantId: string; tenantName: string | null; message: string }>;
}

/**
 * Grants and connections: completing the OAuth code flow, re-reading /connections (which is how
 * a disconnect made in Xero's "Connected Apps" is noticed), disconnecting one organisation and
 * revoking the grant when its last connection goes. No transaction is open during a Xero call.
 */
export class GrantService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly identity: IdentityClient,
    private readonly connectionsApi: ConnectionsClient,
    private readonly tokens: GrantTokens,
    private readonly routing: XeroRouting,
    private readonly redirectUri: string,
    private readonly clockScale: number,
    private readonly clientId: string,
  ) {}

  async completeAuthorisation(
    tenantId: string,
    userId: string | null,
    callback: AuthorisationCallback,
  ): Promise<AuthorisationResult> {
    return this.storeAuthorisation(tenantId, userId, await this.identity.exchangeCode(this.redirectUri, callback));
  }

  /**
   * Stores a grant whose code was exchanged elsewhere: "Sign up with Xero", where the sign-in's own
   * exchange brought the accounting scopes too. Connects the organisations chosen at that consent.
   */
  async storeAuthorisation(
    tenantId: string,
    userId: string | null,
    exchange: CodeExchange,
  ): Promise<AuthorisationResult> {
    const { tokens, idClaims: id } = exchange;
    const access = jwtClaims(tokens.access_token);
    const authEventId = typeof access.authentication_event_id === 'string' ? access.authentication_event_id : undefined;
    const listed = await this.connectionsApi.list(tokens.access_token, authEventId);

    const refused: AuthorisationResult['refused'] = [];
    const accepted: XeroConnectionInfo[] = [];
    for (const org of listed) {
      const owner = await this.routing.owner(org.tenantId);
      if (owner && owner.tenantId !== tenantId) {
        refused.push({
          xeroTenantId: org.tenantId,
          tenantName: org.tenantName,
          message: new XeroOrganisationTakenError(org.tenantId, org.tenantName).message,
        });
      } else accepted.push(org);
    }

    try {
      return await this.tx.run(tenantId, async (m) => {
        const expiresAt = await expiryOnDbClock(m, exchange.askedAt, accessLifetimeMs(tokens, this.clockScale));
        const set = toTokenSet(tokens, expiresAt);
        const secretId = await this.tokens.createSecret(m, tenantId, set);
        const grant = await m.save(
          m.create(XeroGrant, {
            tenantId,
            secretId,
            status: 'active',
            authorisedByUserId: userId,
            clientId: this.clientId,
            xeroUserId:
              typeof id.xero_userid === 'string'
                ? id.xero_userid
                : typeof access.xero_userid === 'string'
                  ? access.xero_userid
                  : null,
            authEventId: authEventId ?? null,
            scopes: set.scope,
            accessExpiresAt: new Date(set.expiresAt),
            refreshedAt: new Date(),
          }),
        );
        const connections: AuthorisationResult['connections'] = [];
        for (const org of accepted) {
          // Re-authorising (or reconnecting) an organisation this tenant already had moves its row
          // to the new grant: one row per organisation, so integrations keep pointing at it.
          const existing = await m.findOne(XeroConnection, {
            where: { xeroTenantId: org.tenantId },
            order: { createdAt: 'DESC' },
          });
          const row = existing ?? m.create(XeroConnection, { tenantId, xeroTenantId: org.tenantId });
          Object.assign(row, {
            grantId: grant.id,
            xeroConnectionId: org.id,
            tenantName: org.tenantName ?? org.tenantId,
            tenantType: org.tenantType ?? 'ORGANISATION',
            status: 'active',
            statusReason: null,
            statusChangedAt: new Date(),
          });
          const saved = await m.save(row);
          connections.push({ id: saved.id, xeroTenantId: saved.xeroTenantId, tenantName: saved.tenantName });
        }
        return { grantId: grant.id, connections, refused };
      });
    } catch (e) {
      // Two tenants raced for one organisation; the unique index picked the winner.
      if (isUniqueViolation(e, 'uq_xero_connections_org'))
        throw new XeroOrganisationTakenError(accepted[0]?.tenantId ?? '', accepted[0]?.tenantName ?? null);
      throw e;
    }
  }

  /**
   * Compares the grant's organisations with GET /connections: the ones Xero no longer lists were
   * disconnected in Xero ("Connected Apps") and are marked so. Returns the ids marked.
   */
  async reconcileConnections(tenantId: string, grantId: string): Promise<string[]> {
    const token = await this.tokens.accessToken(tenantId, grantId);
    let listed: XeroConnectionInfo[];
    try {
      listed = await this.connectionsApi.list(token);
    } catch (e) {
      if (isXeroCallError(e) && e.kind === 'auth') {
        // The token itself is refused although fresh: the grant was revoked at Xero.
        await this.tokens.markDead(tenantId, grantId, 'access token refused by /connections');
      }
      throw e;
    }
    const live = new Set(listed.map((c) => c.tenantId));
    return this.tx.run(tenantId, async (m) => {
      const rows = await m.find(XeroConnection, { where: { grantId, status: In(['active', 'needs_reauth']) } });
      const gone = rows.filter((r) => !live.has(r.xeroTenantId));
      for (const row of gone) {
        await m.update(
          XeroConnection,
          { id: row.id },
          { status: 'disconnected', statusReason: 'disconnected in Xero', statusChangedAt: new Date() },
        );
      }
      return gone.map((r) => r.id);
    });
  }

  /** Disconnects one organisation; revokes the grant when it was the grant's last. */
  async disconnect(tenantId: string, connectionId: string): Promise<void> {
    const row = await this.tx.run(tenantId, (m) => m.findOne(XeroConnection, { where: { id: connectionId } }));
    if (!row || row.status === 'disconnected') return;
    const token = await this.tokens.accessToken(tenantId, row.grantId);
    await this.connectionsApi.remove(token, row.xeroConnectionId);
    const remaining = await this.tx.run(tenantId, async (m) => {
      await m.update(
        XeroConnection,
        { id: connectionId },
        { status: 'disconnected', statusReason: 'disconnected by user', statusChangedAt: new Date() },
      );
      return m.count(XeroConnection, { where: { grantId: row.grantId, status: Not('disconnected') } });
    });
    if (remaining === 0) await this.revoke(tenantId, row.grantId);
  }

  private async revoke(tenantId: string, grantId: string): Promise<void> {
    const set = await this.tx.run(tenantId, async (m) => {
      const grant = await m.findOneOrFail(XeroGrant, { where: { id: grantId } });
      return this.tokens.readSet(m, grant);
    });
    await this.identity.revoke(set.refreshToken);
    await this.tx.run(tenantId, (m) => m.update(XeroGrant, { id: grantId }, { status: 'revoked' }));
  }
}
