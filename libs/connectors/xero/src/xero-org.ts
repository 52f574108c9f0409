import { AccountingApi } from 'xero-node';
import { TenantTransactions } from '#lb/database';
import { GrantTokens } from './auth/grant-tokens';
import { GrantService } from './connections/grant-service';
import { XeroConnection } from './entities/xero-connection.entity';
import { isXeroCallError, XeroCallError } from './errors/xero-call-error';
import { CallOptions, CallResult, XeroCaller } from './http/xero-caller';

type SdkCall<T> = (
  api: AccountingApi,
  xeroTenantId: string,
) => Promise<{ response: { status: number; headers: unknown }; body: T }>;

/**
 * One organisation of one tenant, for one use: resolves the connection and a fresh access token
 * (never a shared SDK client), and turns a refused token into a check of /connections so a
 * disconnect made in Xero is noticed and recorded.
 */
export class XeroOrg {
  constructor(
    readonly tenantId: string,
    readonly connection: XeroConnection,
    private readonly tokens: GrantTokens,
    private readonly caller: XeroCaller,
    private readonly grants: GrantService,
  ) {}

  get xeroTenantId(): string {
    return this.connection.xeroTenantId;
  }

  async call<T>(opts: CallOptions, fn: SdkCall<T>): Promise<CallResult<T>> {
    const accessToken = await this.tokens.accessToken(this.tenantId, this.connection.grantId);
    try {
      return await this.callWith(accessToken, opts, fn);
    } catch (e) {
      if (!isXeroCallError(e) || e.kind !== 'auth') throw e;
      let refused = e;
      if (e.status === 401) {
        // Maybe only an expired token (Xero's clock ahead of ours, a misjudged expiry): one refresh
        // and one resend before the grant or organisation is taken as gone. A refused refresh marks
        // the grant itself; a failed one is thrown as it is (transient: tried again later).
        const renewed = await this.tokens.renewRefused(this.tenantId, this.connection.grantId, accessToken);
        try {
          return await this.callWith(renewed, opts, fn);
        } catch (again) {
          if (!isXeroCallError(again) || again.kind !== 'auth') throw again;
          refused = again;
        }
      }
      await this.explainAuthFailure();
      throw refused;
    }
  }

  private callWith<T>(accessToken: string, opts: CallOptions, fn: SdkCall<T>): Promise<CallResult<T>> {
    const ctx = {
      connectionId: this.connection.id,
      xeroTenantId: this.connection.xeroTenantId,
      tenantId: this.tenantId,
      accessToken,
    };
    return this.caller.call(ctx, opts, (api) => fn(api, this.connection.xeroTenantId));
  }

  /** A 401/403 means: token refused, grant revoked, or the organisation disconnected in Xero. */
  private async explainAuthFailure(): Promise<void> {
    try {
      const gone = await this.grants.reconcileConnections(this.tenantId, this.connection.grantId);
      if (gone.includes(this.connection.id)) this.connection.status = 'disconnected';
    } catch {
      // reconcileConnections already marked a dead grant; the original error is what the caller needs
    }
  }
}

export class XeroOrgFactory {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly tokens: GrantTokens,
    private readonly caller: XeroCaller,
    private readonly grants: GrantService,
  ) {}

  async forConnection(tenantId: string, connectionId: string): Promise<XeroOrg> {
    const connection = await this.tx.run(tenantId, (m) => m.findOne(XeroConnection, { where: { id: connectionId } }));
    if (!connection) throw new XeroCallError('permanent', `Xero connection ${connectionId} not found`);
    if (connection.status !== 'active') {
      throw new XeroCallError('auth', `Xero connection ${connection.tenantName} is ${connection.status}`, {
        authReason: connection.status,
      });
    }
    return new XeroOrg(tenantId, connection, this.tokens, this.caller, this.grants);
  }
}
