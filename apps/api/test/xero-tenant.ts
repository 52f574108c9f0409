import { randomUUID } from 'node:crypto';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { XeroConnection, XeroGrant } from '#lb/connectors/xero';
import { createTenant } from '#lb/testing';

/** A new tenant with one Xero connection to `xeroTenantId` (a placeholder token set, encrypted as usual). */
export async function tenantWithXeroOrg(
  tx: TenantTransactions,
  secrets: SecretStore,
  xeroTenantId: string,
): Promise<{ tenantId: string; connectionId: string }> {
  const tenantId = await createTenant(tx);
  const connectionId = await tx.run(tenantId, async (m) => {
    const secretId = await secrets.create(
      m,
      tenantId,
      'xero.token_set',
      JSON.stringify({ accessToken: 'a', refreshToken: 'r', expiresAt: new Date().toISOString(), scope: '' }),
    );
    const grant = await m.save(
      m.create(XeroGrant, { tenantId, secretId, accessExpiresAt: new Date(), refreshedAt: new Date() }),
    );
    const c = await m.save(
      m.create(XeroConnection, {
        tenantId,
        grantId: grant.id,
        xeroConnectionId: randomUUID(),
        xeroTenantId,
        tenantName: 'Org',
      }),
    );
    return c.id;
  });
  return { tenantId, connectionId };
}
