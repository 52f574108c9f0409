import { CookieBrowser } from '#lb/testing';
import { change, connectXero, newOrg, read, signInWithXero, startXeroWorld, XeroWorld } from './xero-world';

describe('try with the sandbox', () => {
  let world: XeroWorld;

  // The api is told where the sandbox is (SANDBOX_URL), as the dev launcher does.
  beforeAll(async () => (world = await startXeroWorld({}, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }))));
  afterAll(() => world?.close());

  it('gives a tenant a connected, seeded Xero organisation and X3 folder, paired, in one call', async () => {
    const org = await newOrg(world, `trial-${Date.now().toString(36)}@example.test`);
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);

    const started = await change(world, browser, 'POST', '/api/sandbox/try');
    expect(started.status).toBe(201);
    const connections = (await read(world, browser, '/api/connections')).body;
    expect(connections.xero).toEqual([
      expect.objectContaining({ id: started.body.xeroConnectionId, status: 'active' }),
    ]);
    expect(connections.x3).toEqual([
      expect.objectContaining({ id: started.body.x3ConnectionId, status: 'ok', isSandbox: true }),
    ]);
    const integrations = (await read(world, browser, '/api/integrations')).body;
    // The trial organisation is a New Zealand one (NZD): it is paired with the folder's NZD company.
    expect(integrations).toEqual([
      expect.objectContaining({ id: started.body.integrationId, name: 'Sandbox trial', x3Company: 'NZ10' }),
    ]);
    const audit = (await read(world, browser, '/api/tenant/audit?action=sandbox.')).body;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['sandbox.trial_started']);

    // Its first-connection matching is run and confirmed (the demo ledgers are ours), so its flows may write.
    const matching = (await read(world, browser, `/api/integrations/${started.body.integrationId}/matching`)).body;
    expect(matching).toMatchObject({ confirmed: true, runId: expect.any(String) });
    expect(started.body.flowsEnabled).toEqual(expect.arrayContaining(['customers', 'invoices']));

    const again = await change(world, browser, 'POST', '/api/sandbox/try');
    expect(again.status).toBe(409);

    // Later the real systems arrive: the same integration is switched over, its id (and so its settings) kept.
    await connectXero(world, browser, org);
    const real = (await read(world, browser, '/api/connections')).body.xero.find(
      (c: { xeroTenantId: string }) => c.xeroTenantId === org.tenantId,
    );
    expect(
      (
        await change(world, browser, 'PATCH', `/api/integrations/${started.body.integrationId}`, {
          xeroConnectionId: real.id,
        })
      ).status,
    ).toBe(204);
    const switched = (await read(world, browser, '/api/integrations')).body;
    expect(switched).toEqual([
      expect.objectContaining({
        id: started.body.integrationId,
        xeroConnectionId: real.id,
        x3ConnectionId: started.body.x3ConnectionId,
      }),
    ]);
  });
});
