// Test set-up for the triggers: the X3 sandbox in-process (reached over HTTP), a tenant whose
// integration points at its folder, and the poll wired as the worker wires it.
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { KeyRing, SecretBox, SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { createX3Transport, X3ConnectionStore } from '#lb/connectors/sage-x3';
import { OutboxJobProducer } from '#lb/queues';
import { createTenant, runtimeDataSource } from '#lb/testing';
import { SandboxDatabase } from '../../../../apps/sandbox/src/db/sandbox-database';
import { findEntity } from '../../../../apps/sandbox/src/x3/model/catalog';
import { SandboxFixture, startFixture } from '../../../connectors/sage-x3/src/testing/sandbox-fixture';
import { FlowDocument, FlowVersions } from '../flows';
import { SyncPendingChange } from '../pending';
import { X3Poll } from './x3-poll.service';

export interface TriggerWorld {
  fx: SandboxFixture;
  ds: DataSource;
  tx: TenantTransactions;
  jobs: OutboxJobProducer;
  poll: X3Poll;
  flows: FlowVersions;
  /** A new tenant with an integration on the sandbox folder's company. */
  integration(company?: string, x3BaseUrl?: string): Promise<{ tenantId: string; integrationId: string }>;
  pending(tenantId: string, flowKey: string): Promise<SyncPendingChange[]>;
  /** An X3 user deletes a record (the simulator's own table; X3's GraphQL has no delete). */
  deleteInX3(entity: string, id: string): Promise<void>;
  /** An X3 user creates a product-site (GESITF): its totals record (ITMMVT, node `stock`) appears, empty. */
  productSiteInX3(product: string, site: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * An x3-to-xero flow document. The poll specs use a 'manual' trigger: the sweep of a worker another
 * suite runs on the same database then never polls these flows between a test's steps.
 */
export function x3Flow(
  entity: FlowDocument['entity'],
  options: FlowDocument['options'] = {},
  trigger: FlowDocument['trigger'] = { kind: 'x3-poll', everySeconds: 5 },
): FlowDocument {
  return {
    entity,
    direction: 'x3-to-xero',
    trigger,
    steps: [
      { kind: 'transform', mapping: { direction: 'x3-to-xero', version: 'active' } },
      { kind: 'action', action: 'upsert' },
    ],
    options,
    enabled: true,
  };
}

export async function startTriggerWorld(): Promise<TriggerWorld> {
  const fx = await startFixture();
  const ds = await runtimeDataSource();
  const tx = new TenantTransactions(ds);
  const secrets = new SecretStore(new SecretBox(new KeyRing({ k1: randomBytes(32) }, 'k1')));
  const connections = new X3ConnectionStore(secrets);
  // Its own outbox lane: no relay of another suite moves these rows into a Redis.
  const jobs = new OutboxJobProducer(ds, tx, `triggers-test-${randomUUID()}`);
  const poll = new X3Poll({
    tx,
    secrets,
    jobs,
    createTransport: (settings) => createX3Transport(settings),
    allowPrivateFor: () => true,
  });
  const sandboxDb = fx.sandbox.app.get(SandboxDatabase);
  return {
    fx,
    ds,
    tx,
    jobs,
    poll,
    flows: new FlowVersions(tx),
    async integration(company = 'FR10', x3BaseUrl = fx.settings.baseUrl) {
      const tenantId = await createTenant(tx);
      const integrationId = await tx.run(tenantId, async (m) => {
        const x3 = await connections.create(m, tenantId, {
          name: 'Sandbox',
          baseUrl: x3BaseUrl,
          endpoint: fx.settings.endpoint,
          companies: [],
          auth: fx.settings.auth,
        });
        const [secret] = await m.query<Array<{ id: string }>>(
          `INSERT INTO secrets (tenant_id, purpose, key_id, ciphertext) VALUES ($1, 'test', 'k', 'x') RETURNING id`,
          [tenantId],
        );
        const [grant] = await m.query<Array<{ id: string }>>(
          `INSERT INTO xero_grants (tenant_id, secret_id, access_expires_at, refreshed_at)
           VALUES ($1, $2, now(), now()) RETURNING id`,
          [tenantId, secret.id],
        );
        const [xero] = await m.query<Array<{ id: string }>>(
          `INSERT INTO xero_connections (tenant_id, grant_id, xero_connection_id, xero_tenant_id, tenant_name)
           VALUES ($1, $2, $3, $4, 'Demo Company') RETURNING id`,
          [tenantId, grant.id, randomUUID(), randomUUID()],
        );
        const [row] = await m.query<Array<{ id: string }>>(
          `INSERT INTO integrations (tenant_id, name, xero_connection_id, x3_connection_id, x3_company)
           VALUES ($1, 'Trigger pair', $2, $3, $4) RETURNING id`,
          [tenantId, xero.id, x3.id, company],
        );
        return row.id;
      });
      return { tenantId, integrationId };
    },
    pending: (tenantId, flowKey) =>
      tx.run(tenantId, (m) =>
        m.find(SyncPendingChange, { where: { flowKey }, order: { sourceKey: 'ASC', createdAt: 'ASC' } }),
      ),
    async deleteInX3(entity, id) {
      const desc = findEntity(entity)!;
      await sandboxDb.query(`DELETE FROM ${desc.table} WHERE folder = $1 AND _id = $2`, [fx.settings.endpoint, id]);
    },
    async productSiteInX3(product, site) {
      await sandboxDb.query(
        `INSERT INTO ${findEntity('stock')!.table} (folder, _id, product, site, physical_stock, average_cost, _create_stamp, _update_stamp)
         VALUES ($1, $2, $3, $4, 0, 0, now(), now())`,
        [fx.settings.endpoint, `${product}|${site}`, product, site],
      );
    },
    async close() {
      await fx.close();
      await ds.destroy();
    },
  };
}
