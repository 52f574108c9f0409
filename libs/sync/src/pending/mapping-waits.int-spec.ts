import { DataSource } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { checkMappingDocument, MappingVersions, starterTemplate } from '#lb/mapping';
import { OutboxJobProducer } from '#lb/queues';
import { runtimeDataSource } from '#lb/testing';
import { TenantWithIntegration, tenantWithIntegration } from '../testing/integration-fixture';
import { LANES } from './lanes';
import { releaseWaitsOnMappingActivated } from './mapping-waits';
import { SyncPendingChange } from './pending-change.entity';
import { PendingChanges } from './pending-changes.service';

describe('a saved mapping version releases the changes waiting for its lookups', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  let t: TenantWithIntegration;
  const pending = new PendingChanges();
  const lane = `mapping-waits-${Date.now()}`;

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());
  beforeEach(async () => (t = await tenantWithIntegration(tx)));

  /** One change per (flow, key), left waiting on `waitingOn`. */
  const waiting = async (flowKey: string, entity: 'invoice' | 'customer', sourceKey: string, waitingOn: string) => {
    const scope = { integrationId: t.integrationId, flowKey };
    await tx.run(t.tenantId, (m) =>
      pending.accept(m, t.tenantId, [
        { ...scope, entity, direction: 'x3-to-xero', sourceKey, lane: LANES.polling, source: { _id: sourceKey } },
      ]),
    );
    const claim = await tx.run(t.tenantId, (m) => pending.claim(m, scope));
    await tx.run(t.tenantId, (m) => pending.settle(m, claim.changes[0], claim.claimId, { kind: 'waiting', waitingOn }));
  };

  it('releases the waits of that entity and direction only, and asks for their drains in the same transaction', async () => {
    await waiting('invoices', 'invoice', 'FAC1', 'mapping:taxCodes:S20');
    await waiting('invoices', 'invoice', 'FAC2', 'customer:C9');
    await waiting('customers', 'customer', 'C1', 'mapping:accounts:411000');
    const versions = new MappingVersions(
      tx,
      new AuditTrail(),
      checkMappingDocument,
      releaseWaitsOnMappingActivated(new OutboxJobProducer(ds, tx, lane)),
    );
    await versions.save(
      t.tenantId,
      { integrationId: t.integrationId, entity: 'invoice', direction: 'x3-to-xero' },
      { document: starterTemplate('NZ', 'invoice') },
      { actor: { kind: 'system', id: null }, origin: { ip: '127.0.0.1', userAgent: 'test' } },
    );
    const rows = await tx.run(t.tenantId, (m) => m.find(SyncPendingChange, { order: { sourceKey: 'ASC' } }));
    expect(rows.map((r) => [r.sourceKey, r.state, r.waitingOn])).toEqual([
      ['C1', 'waiting', 'mapping:accounts:411000'],
      ['FAC1', 'pending', null],
      ['FAC2', 'waiting', 'customer:C9'],
    ]);
    const jobs = await tx.run(t.tenantId, (m) =>
      m.query<Array<{ job_name: string; job_id: string }>>(
        `SELECT job_name, job_id FROM job_outbox WHERE lane = $1 ORDER BY id`,
        [lane],
      ),
    );
    expect(jobs).toEqual([{ job_name: 'drain', job_id: `drain:${t.integrationId}:invoices` }]);
  });
});
