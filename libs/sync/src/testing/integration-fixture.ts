// Test set-up: a tenant with one integration (its secret, Xero grant and connection, X3
// connection), inserted as the tenant itself through RLS, the way the product's rows are.
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { createTenant } from '#lb/testing';

export interface TenantWithIntegration {
  tenantId: string;
  integrationId: string;
}

async function insertOne(m: EntityManager, sql: string, params: unknown[]): Promise<string> {
  const [row] = await m.query<Array<{ id: string }>>(`${sql} RETURNING id`, params);
  return row.id;
}

export async function createIntegration(tx: TenantTransactions, tenantId: string): Promise<string> {
  return tx.run(tenantId, async (m) => {
    const secret = await insertOne(
      m,
      `INSERT INTO secrets (tenant_id, purpose, key_id, ciphertext) VALUES ($1, 'test', 'k', 'x')`,
      [tenantId],
    );
    const grant = await insertOne(
      m,
      `INSERT INTO xero_grants (tenant_id, secret_id, access_expires_at, refreshed_at) VALUES ($1, $2, now(), now())`,
      [tenantId, secret],
    );
    const xero = await insertOne(
      m,
      `INSERT INTO xero_connections (tenant_id, grant_id, xero_connection_id, xero_tenant_id, tenant_name)
       VALUES ($1, $2, $3, $4, 'Demo Company')`,
      [tenantId, grant, randomUUID(), randomUUID()],
    );
    const x3 = await insertOne(
      m,
      `INSERT INTO x3_connections (tenant_id, name, base_url, endpoint, auth_mode, x3_user, secret_id)
       VALUES ($1, 'X3', 'http://127.0.0.1:1', 'SEED', 'basic', 'admin', $2)`,
      [tenantId, secret],
    );
    return insertOne(
      m,
      `INSERT INTO integrations (tenant_id, name, xero_connection_id, x3_connection_id, x3_company)
       VALUES ($1, 'Test pair', $2, $3, 'FR01')`,
      [tenantId, xero, x3],
    );
  });
}

export async function tenantWithIntegration(tx: TenantTransactions): Promise<TenantWithIntegration> {
  const tenantId = await createTenant(tx);
  return { tenantId, integrationId: await createIntegration(tx, tenantId) };
}
