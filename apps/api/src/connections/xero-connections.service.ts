import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { TenantTransactions, User } from '#lb/database';
import { XERO_CONNECTOR, XeroConnection, XeroConnector, XeroGrant } from '#lb/connectors/xero';

export interface XeroConnectionView {
  id: string;
  name: string;
  xeroTenantId: string;
  status: 'active' | 'needs_reauthorisation' | 'disconnected';
  statusReason: string | null;
  statusChangedAt: string | null;
  authorisedBy: string | null;
  connectedAt: string;
}

const STATUS: Record<string, XeroConnectionView['status']> = {
  active: 'active',
  needs_reauth: 'needs_reauthorisation',
  disconnected: 'disconnected',
};

/** The tenant's Xero organisations as the settings page shows them, and disconnecting one. */
@Injectable()
export class XeroConnectionsService {
  constructor(
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    private readonly tx: TenantTransactions,
    private readonly audit: AuditTrail,
  ) {}

  list(tenantId: string): Promise<XeroConnectionView[]> {
    return this.tx.run(tenantId, async (m) => {
      const rows = await m
        .createQueryBuilder(XeroConnection, 'c')
        .innerJoin(XeroGrant, 'g', 'g.id = c.grant_id')
        .leftJoin(User, 'u', 'u.id = g.authorised_by_user_id')
        .select(['c.id AS id', 'c.tenant_name AS name', 'c.xero_tenant_id AS xero_tenant_id', 'c.status AS status'])
        .addSelect([
          'c.status_reason AS status_reason',
          'c.status_changed_at AS status_changed_at',
          'c.created_at AS created_at',
          'u.display_name AS authorised_by',
        ])
        .orderBy('c.tenant_name', 'ASC')
        .getRawMany<{
          id: string;
          name: string;
          xero_tenant_id: string;
          status: string;
          status_reason: string | null;
          status_changed_at: Date | null;
          created_at: Date;
          authorised_by: string | null;
        }>();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        xeroTenantId: r.xero_tenant_id,
        status: STATUS[r.status] ?? 'disconnected',
        statusReason: r.status_reason,
        statusChangedAt: r.status_changed_at?.toISOString() ?? null,
        authorisedBy: r.authorised_by,
        connectedAt: r.created_at.toISOString(),
      }));
    });
  }

  async disconnect(tenantId: string, id: string, actor: AuditActor, origin: RequestOrigin): Promise<void> {
    const row = await this.tx.run(tenantId, (m) => m.findOne(XeroConnection, { where: { id } }));
    if (!row) throw new NotFoundException('Xero connection not found');
    await this.xero.grants.disconnect(tenantId, id);
    await this.tx.run(tenantId, (m) =>
      this.audit.record(m, tenantId, {
        actor,
        action: 'connection.xero_disconnected',
        targetType: 'xero_connection',
        targetId: id,
        details: { organisation: row.tenantName },
        origin,
      }),
    );
  }

  /** Asks Xero which organisations are still connected (also run by the worker's sweep). */
  async reconcile(tenantId: string): Promise<void> {
    const grants = await this.tx.run(tenantId, (m) => m.find(XeroGrant, { where: { status: 'active' } }));
    for (const grant of grants) await this.xero.grants.reconcileConnections(tenantId, grant.id);
  }
}
