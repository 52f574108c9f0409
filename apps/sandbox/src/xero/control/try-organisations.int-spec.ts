/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
import {
  Sandbox,
  authorize,
  openidClient,
  control,
  createOrg,
  http,
  registerApp,
  startSandbox,
  uniq,
  Json,
} from '../testing/sandbox-harness';

describe('Xero sandbox control API: try-mode organisations', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ xero: { tryOrgQuota: 2, tryOrgDays: 7 } });
  });
  afterAll(async () => sb?.close());

  it('creates seeded organisations for a demo user, up to the quota', async () => {
    const email = `${uniq('quota')}@example.test`;
    const nz = await createOrg(sb, email, 'NZ');
    const uk = await createOrg(sb, email, 'UK');
    expect(nz.controlToken).not.toBe(uk.controlToken);
    const third = await http(`${sb.url}/xero-control/organisations`, { method: 'POST', json: { userEmail: email } });
    expect(third.status).toBe(429);
    const summary = await control(sb, uk, 'GET', '');
    expect(summary.body).toEqual(
      expect.objectContaining({
        tenantId: uk.tenantId,
        countryCode: 'GB',
        baseCurrency: 'GBP',
        expiresAt: expect.any(String),
      }),
    );
  });

  it('seeds a realistic UK organisation (VAT 20%, chart, tracking, contacts, items, invoices)', async () => {
    const org = await createOrg(sb, `${uniq('seed')}@example.test`, 'UK');
    const app = await registerApp(sb, uniq('Seed app'));
    const { tokens } = await authorize(sb, app, org);
    const get = (p: string) =>
      http(`${sb.url}/api.xro/2.0${p}`, {
        headers: {
          authorization: `Bearer ${tokens.access_token}`,
          'xero-tenant-id': org.tenantId,
          accept: 'application/json',
        },
      });
    expect((await get('/TaxRates')).body.TaxRates.find((t: Json) => t.TaxType === 'OUTPUT2')).toEqual(
      expect.objectContaining({ Name: '20% (VAT on Income)', EffectiveRate: 20 }),
    );
    expect((await get('/Accounts')).body.Accounts.length).toBeGreaterThan(20);
    expect((await get('/Currencies')).body.Currencies.map((c: Json) => c.Code)).toEqual(
      expect.arrayContaining(['GBP', 'EUR', 'USD']),
    );
    expect((await get('/TrackingCategories')).body.TrackingCategories).toHaveLength(2);
    expect((await get('/Items')).body.Items.length).toBe(2);
    const invoices = (await get('/Invoices')).body.Invoices;
    expect(invoices.map((i: Json) => i.Status).sort()).toEqual(['AUTHORISED', 'AUTHORISED', 'DRAFT']);
    expect(invoices.find((i: Json) => i.AmountPaid > 0).AmountPaid).toBe(50);
  });

  it('seeds a US organisation (USD, US sales tax rates, chart, contacts) that computes sales tax', async () => {
    const org = await createOrg(sb, `${uniq('seed-us')}@example.test`, 'US');
    const app = await registerApp(sb, uniq('US seed app'));
    const { tokens } = await authorize(sb, app, org);
    const call = (method: string, p: string, json?: unknown) =>
      http(`${sb.url}/api.xro/2.0${p}`, {
        method,
        json,
        headers: {
          authorization: `Bearer ${tokens.access_token}`,
          'xero-tenant-id': org.tenantId,
          accept: 'application/json',
        },
      });
    const organisation = (await call('GET', '/Organisation')).body.Organisations[0];
    expect(organisation).toEqual(
      expect.objectContaining({
        Version: 'US',
        CountryCode: 'US',
        BaseCurrency: 'USD',
        PeriodLockDate: expect.any(String),
      }),
    );
    const rates = (await call('GET', '/TaxRates')).body.TaxRates as { TaxType: string; Name: string }[];
    // The rates a Xero US organisation starts with, plus one state sales tax rate.
    expect(Object.fromEntries(rates.map((r) => [r.TaxType, r.Name]))).toEqual(
      expect.objectContaining({
        OUTPUT: 'Tax on Sales',
        INPUT: 'Tax on Purchases',
        NONE: 'Tax Exempt',
        GSTONIMPORTS: 'Sales Tax on Imports',
        TAX001: expect.stringContaining('Sales Tax'),
      }),
    );
    expect((await call('GET', '/Currencies')).body.Currencies.map((c: { Code: string }) => c.Code)).toContain('USD');
    const codes = (await call('GET', '/Accounts')).body.Accounts.map((a: { Code: string }) => a.Code);
    expect(codes).toEqual(expect.arrayContaining(['090', '200', '610', '800']));
    const contacts = (await call('GET', '/Contacts')).body.Contacts.map((c: { Name: string }) => c.Name);
    expect(contacts).toEqual(expect.arrayContaining(['Ridgeway University', 'PowerDirect']));
    const created = await call('PUT', '/Invoices', {
      Invoices: [
        {
          Type: 'ACCREC',
          Contact: { Name: 'Ridgeway University' },
          LineItems: [{ Description: 'Service', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'TAX001' }],
        },
      ],
    });
    expect(created.status).toBe(200);
    expect(created.body.Invoices[0]).toEqual(
      expect.objectContaining({ CurrencyCode: 'USD', TotalTax: 8.25, Total: 108.25 }),
    );
  });

  it('expires try-mode organisations on the sandbox clock', async () => {
    const email = `${uniq('expiry')}@example.test`;
    const org = await createOrg(sb, email);
    const app = await registerApp(sb, uniq('Expiry app'));
    const { tokens, config } = await authorize(sb, app, org);
    await control(sb, org, 'POST', '/clock/advance', { seconds: 8 * 86400 });
    // The token set is still good (refresh tokens live 60 days), but the organisation is gone.
    const fresh = await openidClient().refreshTokenGrant(config as never, tokens.refresh_token!);
    const conns = await http(`${sb.url}/connections`, { headers: { authorization: `Bearer ${fresh.access_token}` } });
    expect(conns.body).toEqual([]);
    expect(
      (
        await http(`${sb.url}/api.xro/2.0/Organisation`, {
          headers: {
            authorization: `Bearer ${fresh.access_token}`,
            'xero-tenant-id': org.tenantId,
            accept: 'application/json',
          },
        })
      ).status,
    ).toBe(401);
    const login = await http(`${sb.url}/xero-control/login`, {
      method: 'POST',
      json: { email, password: org.password },
    });
    expect(login.body.organisations).toEqual([]);
    expect((await createOrg(sb, email)).tenantId).toBeTruthy();
  });

  it('hands demo users the control tokens of their organisations, seeded ones included', async () => {
    const demo = await http(`${sb.url}/xero-control/login`, {
      method: 'POST',
      json: { email: 'demo@sandbox.xero.test', password: 'sandbox' },
    });
    expect(demo.body.organisations.map((o: Json) => o.name)).toEqual(
      expect.arrayContaining([
        'Kiwi Trading Co (Sandbox)',
        'Outback Supplies Pty (Sandbox)',
        'Thames Components Ltd (Sandbox)',
      ]),
    );
    expect(
      (
        await http(`${sb.url}/xero-control/login`, {
          method: 'POST',
          json: { email: 'demo@sandbox.xero.test', password: 'nope' },
        })
      ).status,
    ).toBe(401);
  });
});
