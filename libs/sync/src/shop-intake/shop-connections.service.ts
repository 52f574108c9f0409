// Shop connections of an integration, for admins: created with a signing secret (generated, or
// the shop's own when its admin set one), which is answered once, at creation, and never again.
import { EntityManager } from 'typeorm';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { ShopConnection, ShopCustomerDefaults } from './shop-connection.entity';
import { newShopSecret, SHOP_SECRET_PURPOSE } from './shop-signature';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ShopConnectionNotFoundError extends Error {}

export interface NewShopConnection {
  name: string;
  salesSite: string;
  xeroPaymentAccount: string;
  customerDefaults: ShopCustomerDefaults;
  /** The shop's own signing secret; when absent one is generated. */
  secret?: string;
}

/** A connection as the api shows it: everything but the secret. */
export interface ShopConnectionView {
  id: string;
  integrationId: string;
  name: string;
  salesSite: string;
  xeroPaymentAccount: string;
  customerDefaults: ShopCustomerDefaults;
  /** Path of the webhook endpoint the shop posts to (the id in it is the connection's). */
  webhookPath: string;
  createdAt: string;
}

export interface ShopActor {
  actor: AuditActor;
  origin?: RequestOrigin;
  userId?: string | null;
}

export function viewOf(c: ShopConnection): ShopConnectionView {
  return {
    id: c.id,
    integrationId: c.integrationId,
    name: c.name,
    salesSite: c.salesSite,
    xeroPaymentAccount: c.xeroPaymentAccount,
    customerDefaults: c.customerDefaults,
    webhookPath: `/api/shop/webhooks/${c.id}`,
    createdAt: c.createdAt.toISOString(),
  };
}

export class ShopConnections {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly secrets: SecretStore,
    private readonly audit: AuditTrail,
  ) {}

  async create(
    tenantId: string,
    integrationId: string,
    input: NewShopConnection,
    by: ShopActor,
  ): Promise<{ connection: ShopConnectionView; secret: string }> {
    const secret = input.secret ?? newShopSecret();
    return this.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId);
      const secretId = await this.secrets.create(m, tenantId, SHOP_SECRET_PURPOSE, secret);
      const saved = await m.save(
        m.create(ShopConnection, {
          tenantId,
          integrationId,
          name: input.name,
          secretId,
          salesSite: input.salesSite,
          xeroPaymentAccount: input.xeroPaymentAccount,
          customerDefaults: input.customerDefaults,
          createdByUserId: by.userId ?? null,
        }),
      );
      await this.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'shop_connection.created',
        targetType: 'integration',
        targetId: integrationId,
        details: { shopConnectionId: saved.id, name: input.name, secretSetBy: input.secret ? 'user' : 'generated' },
        origin: by.origin,
      });
      return { connection: viewOf(saved), secret };
    });
  }

  list(tenantId: string, integrationId: string): Promise<ShopConnectionView[]> {
    return this.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId);
      const rows = await m.find(ShopConnection, { where: { integrationId }, order: { createdAt: 'ASC' } });
      return rows.map(viewOf);
    });
  }

  get(tenantId: string, integrationId: string, id: string): Promise<ShopConnectionView> {
    return this.tx.run(tenantId, async (m) => {
      const found = UUID.test(id) ? await m.findOne(ShopConnection, { where: { id, integrationId } }) : null;
      if (!found) throw new ShopConnectionNotFoundError('Shop connection not found');
      return viewOf(found);
    });
  }

  private async integration(m: EntityManager, integrationId: string): Promise<Integration> {
    const found = UUID.test(integrationId) ? await m.findOne(Integration, { where: { id: integrationId } }) : null;
    if (!found) throw new ShopConnectionNotFoundError('Integration not found');
    return found;
  }
}
