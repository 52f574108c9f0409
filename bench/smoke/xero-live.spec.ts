import { createServer } from 'node:net';
import { awaitConsent } from './consent-callback';
import { isDemoCompany, liveConfig, LiveConfigError } from './live-config';
import { invoiceTargets } from './xero-invoices';
import { agreement } from '../soak/agreement';

const GOOD = {
  XERO_LIVE_CLIENT_ID: 'ABC',
  XERO_LIVE_CLIENT_SECRET: 'shh',
  XERO_LIVE_REDIRECT_URI: 'http://localhost:5911/api/auth/xero/callback',
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('live smoke: settings', () => {
  it('names every missing variable and where the instructions are', () => {
    let error: unknown;
    try {
      liveConfig({});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LiveConfigError);
    const message = (error as Error).message;
    for (const name of ['XERO_LIVE_CLIENT_ID', 'XERO_LIVE_CLIENT_SECRET', 'XERO_LIVE_REDIRECT_URI'])
      expect(message).toContain(`${name} is not set`);
    expect(message).toContain('docs/operations.md');
    expect(() => liveConfig({ ...GOOD, XERO_LIVE_CLIENT_SECRET: '   ' })).toThrow(/XERO_LIVE_CLIENT_SECRET is not set/);
  });

  it('takes a loopback redirect URI with a port and the sign-in callback path; its origin is the public URL', () => {
    expect(liveConfig(GOOD)).toMatchObject({
      publicUrl: 'http://localhost:5911',
      callbackPort: 5911,
      region: 'NZ',
      records: 5,
      consentMinutes: 10,
      allowAnyOrganisation: false,
    });
    expect(
      liveConfig({ ...GOOD, XERO_LIVE_REDIRECT_URI: 'http://127.0.0.1:8080/api/auth/xero/callback' }).callbackPort,
    ).toBe(8080);
    expect(liveConfig({ ...GOOD, XERO_LIVE_REGION: 'au', XERO_LIVE_RECORDS: '3' })).toMatchObject({
      region: 'AU',
      records: 3,
    });
  });

  it.each([
    'https://localhost:5911/api/auth/xero/callback',
    'http://example.com:5911/api/auth/xero/callback',
    'http://localhost/api/auth/xero/callback',
    'http://localhost:5911/callback',
    'http://localhost:5911/api/auth/xero/callback?x=1',
    'not a url',
  ])('refuses the redirect URI %s', (uri) => {
    expect(() => liveConfig({ ...GOOD, XERO_LIVE_REDIRECT_URI: uri })).toThrow(/XERO_LIVE_REDIRECT_URI/);
  });

  it('refuses a region without starter templates and record counts out of range', () => {
    expect(() => liveConfig({ ...GOOD, XERO_LIVE_REGION: 'FR' })).toThrow(/XERO_LIVE_REGION=FR/);
    expect(() => liveConfig({ ...GOOD, XERO_LIVE_RECORDS: '0' })).toThrow(/XERO_LIVE_RECORDS/);
    expect(() => liveConfig({ ...GOOD, XERO_LIVE_RECORDS: '21' })).toThrow(/XERO_LIVE_RECORDS/);
    expect(() => liveConfig({ ...GOOD, XERO_LIVE_CONSENT_MINUTES: 'x' })).toThrow(/XERO_LIVE_CONSENT_MINUTES/);
  });

  it('writes only to a Demo Company unless told otherwise', () => {
    expect(isDemoCompany('Demo Company (NZ)')).toBe(true);
    expect(isDemoCompany('Demo Company (Global)')).toBe(true);
    expect(isDemoCompany('Acme Ltd')).toBe(false);
    expect(isDemoCompany('Demo Company (NZ) copy')).toBe(false);
    expect(liveConfig({ ...GOOD, XERO_LIVE_ALLOW_ANY_ORG: '1' }).allowAnyOrganisation).toBe(true);
  });
});

describe('live smoke: the consent callback on the loopback port', () => {
  it('ignores a foreign state, then takes the right one', async () => {
    const port = await freePort();
    const wait = await awaitConsent({ port, path: '/api/auth/xero/callback', state: 'S1', timeoutMs: 30_000 });
    try {
      const base = `http://127.0.0.1:${port}/api/auth/xero/callback`;
      expect((await fetch(`${base}?code=c&state=OTHER`)).status).toBe(400);
      expect((await fetch(`http://127.0.0.1:${port}/elsewhere?state=S1`)).status).toBe(404);
      const ok = await fetch(`${base}?code=the-code&state=S1&scope=openid`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('You can close this tab');
      const params = await wait.params;
      expect(params.get('code')).toBe('the-code');
    } finally {
      await wait.close();
    }
  });

  it("stops on Xero's refusal and on the deadline", async () => {
    const port = await freePort();
    const refused = await awaitConsent({ port, path: '/cb', state: 'S', timeoutMs: 30_000 });
    const outcome = refused.params.catch((e: Error) => e.message);
    await fetch(`http://127.0.0.1:${port}/cb?error=access_denied&state=S`);
    expect(await outcome).toContain('access_denied');
    await refused.close();
    const late = await awaitConsent({ port: await freePort(), path: '/cb', state: 'S', timeoutMs: 50 });
    await expect(late.params).rejects.toThrow(/no consent came back/);
    await late.close();
  });
});

describe('live smoke: reading Xero for the agreement', () => {
  it('keeps live sales invoices with their totals and feeds the agreement check', () => {
    const body = {
      Invoices: [
        { InvoiceNumber: 'NZ-1', Total: 115, Type: 'ACCREC', Status: 'AUTHORISED' },
        { InvoiceNumber: 'NZ-2', Total: 23, Type: 'ACCREC', Status: 'VOIDED' },
        { InvoiceNumber: 'NZ-1', Total: 115, Type: 'ACCPAY', Status: 'AUTHORISED' },
      ],
    };
    const targets = invoiceTargets(body);
    expect(targets).toEqual([{ key: 'NZ-1', amount: '115' }]);
    const a = agreement(
      [
        { key: 'NZ-1', amount: '115.00' },
        { key: 'NZ-2', amount: '23.00' },
      ],
      targets,
    );
    expect(a).toMatchObject({ matched: 1, lost: ['NZ-2'], agree: false });
    expect(() => invoiceTargets({ Message: 'nope' })).toThrow(/Invoices/);
  });
});
