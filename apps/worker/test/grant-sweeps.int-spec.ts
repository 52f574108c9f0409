import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { KeyRing, SecretBox, SecretStore } from '#lb/crypto';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { ownerDataSource, requireEnv, runtimeDataSource } from '#lb/testing';
import { tenantWithXeroOrg } from '../../api/test/xero-tenant';

/**
 * The sweeps touch only grants issued to their own Xero app: a worker refreshing another app's
 * grant with its credentials would fail and mark that grant dead (seen when test suites with
 * different Xero apps share one database).
 */
describe('Xero grant sweeps are per Xero app', () => {
  let ds: DataSource;
  let owner: DataSource;

  beforeAll(async () => {
    ds = await runtimeDataSource();
    owner = await ownerDataSource();
  });
  afterAll(async () => {
    await ds?.destroy();
    await owner?.destroy();
  });

  it('lists our app’s grants and grants of unknown app, never another app’s', async () => {
    const tx = new TenantTransactions(ds);
    const secrets = new SecretStore(
      new SecretBox(KeyRing.parse(requireEnv('SECRETS_KEYS'), requireEnv('SECRETS_ACTIVE_KEY_ID'))),
    );
    const ours = await tenantWithXeroOrg(tx, secrets, randomUUID());
    const theirs = await tenantWithXeroOrg(tx, secrets, randomUUID());
    const legacy = await tenantWithXeroOrg(tx, secrets, randomUUID());
    const app = `app-${randomUUID()}`;
    await owner.query(
      `UPDATE xero_grants SET client_id = $1, refreshed_at = now() - interval '90 days' WHERE tenant_id = $2`,
      [app, ours.tenantId],
    );
    await owner.query(
      `UPDATE xero_grants SET client_id = 'another-app', refreshed_at = now() - interval '90 days' WHERE tenant_id = $1`,
      [theirs.tenantId],
    );
    await owner.query(`UPDATE xero_grants SET refreshed_at = now() - interval '90 days' WHERE tenant_id = $1`, [
      legacy.tenantId,
    ]);

    const system = new SystemAccess(ds);
    const active = (await system.activeXeroGrants(app)).map((g) => g.tenantId);
    const idle = (await system.idleXeroGrants(new Date(Date.now() - 86_400_000), app)).map((g) => g.tenantId);
    for (const listed of [active, idle]) {
      expect(listed).toContain(ours.tenantId);
      expect(listed).toContain(legacy.tenantId);
      expect(listed).not.toContain(theirs.tenantId);
    }
  });
});
