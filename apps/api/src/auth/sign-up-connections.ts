import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditTrail, RequestOrigin } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { CodeExchange, XERO_CONNECTOR, XeroConnector, XeroOrganisationTakenError } from '#lb/connectors/xero';
import { ConnectErrorCode } from './redirect-errors';

/** What the SPA's connect-result banner reads from the address, as after "Connect Xero". */
export type SignUpConnectResult = { connected: string; refused?: string } | { error: ConnectErrorCode };

const MAY_CONNECT = new Set(['owner', 'admin']);

/**
 * "Sign up with Xero": the sign-in's consent granted accounting scopes, so the organisations picked
 * there are connected now, and set-up does not ask a second time. Only an owner or admin connects
 * (as on the Connect Xero route); anyone else's grant is revoked, not kept.
 */
@Injectable()
export class SignUpConnections {
  private readonly logger = new Logger(SignUpConnections.name);

  constructor(
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    private readonly tx: TenantTransactions,
    private readonly audit: AuditTrail,
  ) {}

  async connect(
    member: { userId: string; tenantId: string; role: string },
    exchange: CodeExchange,
    origin: RequestOrigin,
  ): Promise<SignUpConnectResult | undefined> {
    if (!MAY_CONNECT.has(member.role)) {
      await this.revoke(exchange);
      return undefined;
    }
    try {
      const result = await this.xero.grants.storeAuthorisation(member.tenantId, member.userId, exchange);
      await this.tx.run(member.tenantId, async (m) => {
        for (const c of result.connections) {
          await this.audit.record(m, member.tenantId, {
            actor: { kind: 'user', id: member.userId },
            action: 'connection.xero_connected',
            targetType: 'xero_connection',
            targetId: c.id,
            details: { organisation: c.tenantName, xeroTenantId: c.xeroTenantId, at: 'sign-up' },
            origin,
          });
        }
      });
      const out: SignUpConnectResult = { connected: String(result.connections.length) };
      if (result.refused.length) out.refused = String(result.refused.length);
      return out;
    } catch (e) {
      // The sign-in itself stands: set-up's step 2 offers Connect to Xero again.
      if (e instanceof XeroOrganisationTakenError) return { error: 'organisation_taken' };
      this.logger.warn(`connecting Xero at sign-up failed: ${(e as Error).message}`);
      return { error: 'connect_failed' };
    }
  }

  private async revoke(exchange: CodeExchange): Promise<void> {
    const token = exchange.tokens.refresh_token;
    if (!token) return;
    await this.xero.identity.revoke(token).catch((e: unknown) => {
      this.logger.warn(`revoking an unused sign-up grant failed: ${(e as Error).message}`);
    });
  }
}
