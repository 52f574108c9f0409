import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { AuditActor, AuditTrail, Invitation, RequestOrigin } from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { Membership, Tenant, TenantTransactions, User } from '#lb/database';
import { XERO_CONNECTOR, XeroConnection, XeroConnector } from '#lb/connectors/xero';
import { X3Connection } from '#lb/connectors/sage-x3';
import { Integration } from '#lb/integrations';
import { purgeTenantTrail } from '#lb/sync';
import { BillingAccount, BillingSync } from '#lb/billing';
import { auditView } from './audit-view';

/**
 * Off-boarding. Export: everything the tenant has with us except secrets, as JSON. Deletion: the
 * tenant is closed at once (sessions ended, Xero connections disconnected and tokens revoked) and
 * its data is purged by the worker after TENANT_PURGE_AFTER_DAYS. The record trail (events, runs)
 * and dead-letter payloads do not wait: they are purged when the deletion is requested.
 */
@Injectable()
export class TenantLifecycleService {
  private readonly logger = new Logger(TenantLifecycleService.name);

  constructor(
    private readonly tx: TenantTransactions,
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly billing: BillingSync,
  ) {}

  async export(tenantId: string, actor: AuditActor, origin: RequestOrigin): Promise<Record<string, unknown>> {
    await this.tx.run(tenantId, (m) =>
      this.audit.record(m, tenantId, {
        actor,
        action: 'tenant.exported',
        targetType: 'tenant',
        targetId: tenantId,
        origin,
      }),
    );
    return this.tx.runReadOnly(tenantId, async (m) => {
      const tenant = await m.findOneByOrFail(Tenant, { id: tenantId });
      const members = await m
        .createQueryBuilder(Membership, 'ms')
        .innerJoin(User, 'u', 'u.id = ms.user_id')
        .select(['ms.role AS role', 'ms.created_at AS joined_at', 'u.email AS email', 'u.display_name AS display_name'])
        .getRawMany();
      const invitations = (await m.find(Invitation)).map(({ tokenHash: _hidden, ...rest }) => rest);
      const xeroConnections = (await m.find(XeroConnection)).map((c) => ({
        id: c.id,
        organisation: c.tenantName,
        xeroTenantId: c.xeroTenantId,
        status: c.status,
        statusReason: c.statusReason,
        createdAt: c.createdAt,
      }));
      const x3Connections = (await m.find(X3Connection)).map(({ secretId: _sealed, ...rest }) => rest);
      const integrations = await m.find(Integration);
      const auditLog = (await this.audit.list(m, { limit: 200 })).map(auditView);
      return {
        exportedAt: new Date().toISOString(),
        format: 'ledgerbridge-tenant-export/1',
        tenant: { id: tenant.id, name: tenant.name, createdAt: tenant.createdAt },
        members,
        invitations,
        connections: { xero: xeroConnections, x3: x3Connections },
        integrations,
        auditLog,
      };
    });
  }

  async requestDeletion(
    tenantId: string,
    confirmName: string,
    actor: AuditActor,
    origin: RequestOrigin,
  ): Promise<{ purgeAfter: string }> {
    const purgeAfter = new Date(Date.now() + this.config.TENANT_PURGE_AFTER_DAYS * 86_400_000);
    const { liveXero, subscriptionId } = await this.tx.run(tenantId, async (m) => {
      const tenant = await m.findOneByOrFail(Tenant, { id: tenantId });
      if (tenant.name !== confirmName)
        throw new BadRequestException('Type the organisation name exactly to confirm deletion');
      await m.update(Tenant, { id: tenantId }, { status: 'deleting', purgeAfter });
      await purgeTenantTrail(m);
      await this.audit.record(m, tenantId, {
        actor,
        action: 'tenant.deletion_requested',
        targetType: 'tenant',
        targetId: tenantId,
        details: { purgeAfter: purgeAfter.toISOString() },
        origin,
      });
      const account = await m.findOne(BillingAccount, { where: { tenantId } });
      const live = account?.stripeSubscriptionId && !['canceled', 'incomplete_expired'].includes(account.status);
      // recorded with the deletion, so a cancellation Stripe does not confirm now is retried by the sweep
      if (live) await m.update(BillingAccount, { id: account.id }, { cancelPendingSince: new Date() });
      return {
        liveXero: await m.find(XeroConnection, { where: { status: Not('disconnected') } }),
        subscriptionId: live ? account.stripeSubscriptionId : null,
      };
    });
    // Off-boarding ends the subscription now (no further invoices); Stripe down, the worker's billing sweep retries.
    if (subscriptionId) {
      await this.billing
        .confirmCancel(tenantId)
        .catch((e) =>
          this.logger.warn(
            `could not cancel subscription ${subscriptionId} at Stripe, the billing sweep retries: ${(e as Error).message}`,
          ),
        );
    }
    // Outside any transaction: tell Xero. A failure here is logged; the purge still happens.
    for (const conn of liveXero) {
      await this.xero.grants
        .disconnect(tenantId, conn.id)
        .catch((e) => this.logger.warn(`could not disconnect ${conn.id} at Xero: ${(e as Error).message}`));
    }
    await this.dataSource.query(`DELETE FROM sessions WHERE data->'member'->>'tenantId' = $1`, [tenantId]);
    return { purgeAfter: purgeAfter.toISOString() };
  }
}
