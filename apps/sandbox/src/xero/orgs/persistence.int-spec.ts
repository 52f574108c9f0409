/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
import { apiFixture, api, startSandbox } from '../testing/sandbox-harness';

describe('Xero sandbox state survives a restart', () => {
  it('keeps organisations, data, signing keys and tokens across restarts', async () => {
    const f = await apiFixture('restart');
    const port = Number(new URL(f.sb.url).port);
    const created = await f.call('PUT', '/Contacts', { Contacts: [{ Name: 'Survivor Ltd' }] });
    expect(created.status).toBe(200);
    await f.sb.close();

    const again = await startSandbox({ port });
    try {
      const call = api(again, f.token, f.org.tenantId);
      const res = await call('GET', `/Contacts/${created.body.Contacts[0].ContactID}`);
      expect(res.status).toBe(200);
      expect(res.body.Contacts[0].Name).toBe('Survivor Ltd');
    } finally {
      await again.close();
    }
  });
});
