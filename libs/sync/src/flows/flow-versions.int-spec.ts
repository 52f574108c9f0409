import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { runtimeDataSource } from '#lb/testing';
import { TenantWithIntegration, tenantWithIntegration } from '../testing/integration-fixture';
import type { FlowDocument } from './flow-document';
import { SyncFlowVersion } from './flow-version.entity';
import {
  FlowConflictError,
  FlowIntegrationNotFoundError,
  FlowNotFoundError,
  FlowVersions,
  InvalidFlowError,
} from './flow-versions.service';

const invoices: FlowDocument = {
  entity: 'invoice',
  direction: 'x3-to-xero',
  trigger: { kind: 'x3-poll', everySeconds: 5 },
  steps: [
    { kind: 'condition', expression: "status = 'authorised'" },
    { kind: 'transform', mapping: { direction: 'x3-to-xero', version: 'active' } },
    { kind: 'action', action: 'upsert' },
  ],
  options: { cutOverDate: '2026-01-01', deletions: 'flag' },
  enabled: true,
};

describe('flow documents on PostgreSQL', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  let flows: FlowVersions;
  let t: TenantWithIntegration;
  const author = { authorUserId: randomUUID() };

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
    flows = new FlowVersions(tx);
  });
  afterAll(() => ds?.destroy());
  beforeEach(async () => {
    t = await tenantWithIntegration(tx);
  });

  it('saves versions 1, 2 … and moves the head; get reads any version, head the one in force', async () => {
    const v1 = await flows.save(t.tenantId, t.integrationId, 'posted-invoices', invoices, author);
    expect(v1).toMatchObject({ version: 1, active: true, flowKey: 'posted-invoices', document: invoices, ...author });
    const paused = { ...invoices, enabled: false };
    const v2 = await flows.save(t.tenantId, t.integrationId, 'posted-invoices', paused, {
      authorUserId: null,
      basedOnVersion: 1,
    });
    expect(v2).toMatchObject({ version: 2, active: true, authorUserId: null });

    expect(await flows.get(t.tenantId, t.integrationId, 'posted-invoices')).toMatchObject({
      version: 2,
      document: paused,
    });
    expect(await flows.get(t.tenantId, t.integrationId, 'posted-invoices', 1)).toMatchObject({
      version: 1,
      active: false,
      document: invoices,
    });
    const head = await tx.run(t.tenantId, (m) => flows.head(m, t.integrationId, 'posted-invoices'));
    expect(head).toMatchObject({ version: 2, document: { enabled: false } });
    expect(await tx.run(t.tenantId, (m) => flows.head(m, t.integrationId, 'customers'))).toBeNull();
    await expect(flows.get(t.tenantId, t.integrationId, 'posted-invoices', 3)).rejects.toThrow(FlowNotFoundError);
    await expect(flows.get(t.tenantId, t.integrationId, 'customers')).rejects.toThrow(FlowNotFoundError);
  });

  it('lists the flows of an integration with their head and version count', async () => {
    await flows.save(t.tenantId, t.integrationId, 'posted-invoices', invoices, author);
    await flows.save(t.tenantId, t.integrationId, 'posted-invoices', invoices, author);
    await flows.save(t.tenantId, t.integrationId, 'bills', { ...invoices, entity: 'bill' }, author);
    const list = await flows.list(t.tenantId, t.integrationId);
    expect(list.map(({ flowKey, activeVersion, versionCount }) => ({ flowKey, activeVersion, versionCount }))).toEqual([
      { flowKey: 'bills', activeVersion: 1, versionCount: 1 },
      { flowKey: 'posted-invoices', activeVersion: 2, versionCount: 2 },
    ]);
  });

  it('stores nothing for an invalid document or key, and reports every issue with its path', async () => {
    const bad = { ...invoices, trigger: { kind: 'webhook' }, steps: [{ kind: 'condition', expression: '(' }] };
    const refused = flows.save(t.tenantId, t.integrationId, 'Bad Key', bad, author);
    await expect(refused).rejects.toThrow(InvalidFlowError);
    const issues = await refused.catch((e: InvalidFlowError) => e.issues.map((i) => i.path));
    expect(issues).toEqual(['flowKey', '$.trigger.kind', '$.steps[0].expression', '$.steps', '$.steps']);
    expect(await tx.run(t.tenantId, (m) => m.count(SyncFlowVersion))).toBe(0);
  });

  it('refuses an edit based on a version that is no longer the head', async () => {
    await flows.save(t.tenantId, t.integrationId, 'posted-invoices', invoices, author);
    await flows.save(t.tenantId, t.integrationId, 'posted-invoices', invoices, { ...author, basedOnVersion: 1 });
    await expect(
      flows.save(t.tenantId, t.integrationId, 'posted-invoices', invoices, { ...author, basedOnVersion: 1 }),
    ).rejects.toThrow(FlowConflictError);
  });

  it('concurrent saves of one flow take distinct version numbers', async () => {
    const saved = await Promise.all(
      [1, 2, 3, 4].map(() => flows.save(t.tenantId, t.integrationId, 'posted-invoices', invoices, author)),
    );
    expect(saved.map((v) => v.version).sort()).toEqual([1, 2, 3, 4]);
    expect(await flows.get(t.tenantId, t.integrationId, 'posted-invoices')).toMatchObject({ version: 4 });
  });

  it('versions are immutable for the runtime role', async () => {
    await flows.save(t.tenantId, t.integrationId, 'posted-invoices', invoices, author);
    await expect(
      tx.run(t.tenantId, (m) => m.query(`UPDATE sync_flow_versions SET document = '{}'::jsonb`)),
    ).rejects.toThrow(/permission denied/);
  });

  it("another tenant cannot read, list or save into this tenant's integration", async () => {
    await flows.save(t.tenantId, t.integrationId, 'posted-invoices', invoices, author);
    const intruder = await tenantWithIntegration(tx);
    await expect(flows.list(intruder.tenantId, t.integrationId)).rejects.toThrow(FlowIntegrationNotFoundError);
    await expect(flows.get(intruder.tenantId, t.integrationId, 'posted-invoices')).rejects.toThrow(
      FlowIntegrationNotFoundError,
    );
    await expect(flows.save(intruder.tenantId, t.integrationId, 'posted-invoices', invoices, author)).rejects.toThrow(
      FlowIntegrationNotFoundError,
    );
    expect(await tx.run(intruder.tenantId, (m) => flows.head(m, t.integrationId, 'posted-invoices'))).toBeNull();
    // Straight SQL with its own tenant id and the other tenant's integration: the composite key refuses it.
    await expect(
      tx.run(intruder.tenantId, (m) =>
        m.query(
          `INSERT INTO sync_flow_versions (tenant_id, integration_id, flow_key, version, document)
           VALUES ($1, $2, 'posted-invoices', 9, '{}')`,
          [intruder.tenantId, t.integrationId],
        ),
      ),
    ).rejects.toThrow(/foreign key/);
    expect((await flows.list(t.tenantId, t.integrationId)).map((f) => f.versionCount)).toEqual([1]);
  });
});
