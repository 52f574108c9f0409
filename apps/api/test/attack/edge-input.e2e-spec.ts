import { createHmac } from 'node:crypto';
import { CookieBrowser } from '#lb/testing';
import { change, newOrg, read, sessionOf, signInWithXero, uniqueEmail, xeroWorldForSuite } from '../xero-world';
import { answerBeforeBodyEnds } from './hostile-requests';

/** Status and body of a request whose JSON body is sent verbatim (not re-serialised). */
async function sendRaw(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as { message?: string }) : undefined };
}

describe('edge input: body size, nesting and text (api, real PostgreSQL and Redis)', () => {
  const suite = xeroWorldForSuite();
  let browser: CookieBrowser;
  let tenantName: string;

  beforeAll(async () => {
    browser = new CookieBrowser();
    await signInWithXero(suite.world, browser, await newOrg(suite.world, uniqueEmail('edge')));
    tenantName = (await read(suite.world, browser, '/api/tenant')).body.name;
  });

  /** A PATCH of the tenant with a body sent exactly as given, as the signed-in owner. */
  async function patchTenantRaw(body: string) {
    const { csrfToken } = await sessionOf(suite.world, browser);
    const cookie = `lb_session=${browser.cookie(suite.world.api.url, 'lb_session')}`;
    const res = await fetch(`${suite.world.api.url}/api/tenant`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie },
      body,
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as { message?: string }) : undefined };
  }

  async function expectTenantUnchanged() {
    expect((await read(suite.world, browser, '/api/tenant')).body.name).toBe(tenantName);
  }

  it('refuses deep nesting while the body is still arriving, and the api stays responsive', async () => {
    const answer = await answerBeforeBodyEnds(`${suite.world.api.url}/api/diagnostics/probes`, '['.repeat(4096));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 400, message: expect.stringMatching(/nest/i) });
    const live = await fetch(`${suite.world.api.url}/health/live`, { signal: AbortSignal.timeout(5_000) });
    expect(live.status).toBe(200);
  });

  it('answers 400, not 500, for a complete body nested 5,000 deep', async () => {
    const deep = `${'{"name":'.repeat(5000)}"x"${'}'.repeat(5000)}`;
    const res = await patchTenantRaw(deep);
    expect(res.status).toBe(400);
    expect(res.body?.message).toMatch(/nest/i);
    await expectTenantUnchanged();
  });

  it.each([
    ['a NUL character', '{"name":"Acme\\u0000Ltd"}', /NUL/],
    ['an unpaired surrogate', '{"name":"Acme \\ud800 Ltd"}', /surrogate/i],
    ['a lone low surrogate', '{"name":"Acme \\udc00"}', /surrogate/i],
    ['a NUL in a key', '{"na\\u0000me":"Acme"}', /NUL/],
    ['a __proto__ key', '{"name":"Acme","__proto__":{"isAdmin":true}}', /__proto__/],
    ['a constructor key', '{"name":"Acme","constructor":{"prototype":{"x":1}}}', /constructor/],
  ])('refuses %s in a body with 400 and changes nothing', async (_what, body, message) => {
    const res = await patchTenantRaw(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(message) });
    await expectTenantUnchanged();
  });

  it('still accepts well-formed text, including paired surrogates (emoji)', async () => {
    const res = await change(suite.world, browser, 'PATCH', '/api/tenant', { name: 'Acme 🚀 Ltd' });
    expect(res.status).toBe(204);
    expect((await read(suite.world, browser, '/api/tenant')).body.name).toBe('Acme 🚀 Ltd');
    expect((await change(suite.world, browser, 'PATCH', '/api/tenant', { name: tenantName })).status).toBe(204);
  });

  it('refuses NUL in a query string with 400', async () => {
    const res = await read(suite.world, browser, '/api/tenant/audit?action=member.%00');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/NUL/);
  });

  describe('the Xero webhook', () => {
    const url = () => `${suite.world.api.url}/api/xero/webhooks`;
    const sign = (body: string) =>
      createHmac('sha256', suite.world.app.webhookKey).update(Buffer.from(body)).digest('base64');

    it.each(['{"events":[null]}', 'null', '{"events":[1]}', '{"events":[["x"]]}'])(
      'answers 400 to a correctly signed %s',
      async (body) => {
        const res = await fetch(url(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-xero-signature': sign(body) },
          body,
          signal: AbortSignal.timeout(5_000),
        });
        expect(res.status).toBe(400);
      },
    );

    it('has its own body cap below the general one, and still checks signatures on the raw bytes', async () => {
      const event = {
        resourceUrl: 'https://api.xero.com/api.xro/2.0/Contacts/x',
        resourceId: '00000000-0000-4000-8000-000000000001',
        eventDateUtc: '2026-01-01T00:00:00.000',
        eventType: 'UPDATE',
        eventCategory: 'CONTACT',
        tenantId: '00000000-0000-4000-8000-000000000002',
        tenantType: 'ORGANISATION',
      };
      const big = JSON.stringify({ events: Array.from({ length: 2000 }, () => event) });
      expect(big.length).toBeGreaterThan(300 * 1024);
      const tooBig = await sendRaw(url(), big, { 'x-xero-signature': sign(big) });
      expect(tooBig.status).toBe(413);
      // Whitespace the parser ignores still counts for the signature: the raw bytes are what is checked.
      const empty = '{ "events": [],\n "firstEventSequence": 0, "lastEventSequence": 0, "entropy": "x" }';
      expect((await sendRaw(url(), empty, { 'x-xero-signature': sign(empty) })).status).toBe(200);
      expect((await sendRaw(url(), empty, { 'x-xero-signature': sign(empty.replace('\n', '')) })).status).toBe(401);
    });
  });
});
