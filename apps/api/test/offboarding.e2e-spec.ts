import { CookieBrowser } from '#lb/testing';
import { change, connectXero, newOrg, read, signInWithXero, xeroWorldForSuite } from './xero-world';

describe('off-boarding', () => {
  const suite = xeroWorldForSuite();

  it('exports the tenant without secrets, then deletes it: sessions end, Xero is disconnected, purge is scheduled', async () => {
    const org = await newOrg(suite.world, `leaving-${Date.now().toString(36)}@example.test`);
    const browser = new CookieBrowser();
    await signInWithXero(suite.world, browser, org);
    await connectXero(suite.world, browser, org);
    const tenant = (await read(suite.world, browser, '/api/tenant')).body;

    const exported = await browser.go(`${suite.world.api.url}/api/tenant/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    const data = JSON.parse(exported.text);
    expect(data.tenant.id).toBe(tenant.id);
    expect(data.connections.xero).toEqual([expect.objectContaining({ xeroTenantId: org.tenantId })]);
    expect(exported.text).not.toMatch(/secret_id|secretId|ciphertext|refresh_token|access_token/);

    expect((await change(suite.world, browser, 'DELETE', '/api/tenant', { confirmName: 'not the name' })).status).toBe(
      400,
    );
    const deleted = await change(suite.world, browser, 'DELETE', '/api/tenant', { confirmName: tenant.name });
    expect(deleted.status).toBe(200);
    expect(Date.parse(deleted.body.purgeAfter)).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    expect((await read(suite.world, browser, '/api/tenant')).status).toBe(401);
    const [row] = await suite.owner.query('SELECT status FROM tenants WHERE id = $1', [tenant.id]);
    expect(row.status).toBe('deleting');
    const conns = await suite.owner.query('SELECT status FROM xero_connections WHERE tenant_id = $1', [tenant.id]);
    expect(conns).toEqual([{ status: 'disconnected' }]);
    const [grant] = await suite.owner.query('SELECT status FROM xero_grants WHERE tenant_id = $1', [tenant.id]);
    expect(grant.status).toBe('revoked');
    const actions = (await suite.owner.query('SELECT action FROM audit_log WHERE tenant_id = $1', [tenant.id])).map(
      (r: { action: string }) => r.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['tenant.exported', 'tenant.deletion_requested']));

    // Signing in again starts afresh: a new tenant, not the deleted one.
    const again = new CookieBrowser();
    await signInWithXero(suite.world, again, org);
    expect((await read(suite.world, again, '/api/tenant')).body.id).not.toBe(tenant.id);
  });
});
