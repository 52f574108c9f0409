import { createHmac, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CookieBrowser, eventually, ownerDataSource, requireEnv } from '#lb/testing';
import { SwitchableProxy } from '../../worker/test/faults/switchable-proxy';
import { connectXero, newOrg, read, signInWithXero, startXeroWorld, uniqueEmail, XeroWorld } from './xero-world';

/**
 * PostgreSQL out of reach (the api's connections go through a proxy the test switches off: every
 * connection reset, as from a server that stopped) is an outage, not a bug: readiness, a signed-in
 * route and the Xero webhook answer 503 with the usual error body and no stack, so load balancers
 * and Xero retry; once PostgreSQL is back the same process answers 200 and the delivery Xero retries
 * is stored once. Stopping the run's PostgreSQL would break the suites beside this one.
 */

/** Each answer comes within this even while PostgreSQL is gone (Xero waits 5 s). */
const ANSWER_WITHIN_MS = 5_000;

interface Answer {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

describe('a PostgreSQL outage answers 503, then recovers', () => {
  let pg: SwitchableProxy;
  let world: XeroWorld;
  let owner: DataSource;
  let sessionCookie: string;
  let orgId: string;

  beforeAll(async () => {
    const direct = new URL(requireEnv('DATABASE_URL'));
    pg = await SwitchableProxy.start(`http://${direct.hostname}:${direct.port}`);
    const proxied = new URL(direct.toString());
    proxied.port = new URL(pg.url).port;
    world = await startXeroWorld({ DATABASE_URL: proxied.toString() });
    owner = await ownerDataSource();
    const org = await newOrg(world, uniqueEmail('pg-outage'));
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    await connectXero(world, browser, org);
    orgId = (await read(world, browser, '/api/connections')).body.xero[0].xeroTenantId as string;
    sessionCookie = `lb_session=${browser.cookie(world.api.url, 'lb_session')}`;
  });
  afterAll(async () => {
    pg?.switchOn();
    await world?.close();
    await owner?.destroy();
    await pg?.close();
  });

  async function hit(path: string, init: RequestInit = {}): Promise<Answer> {
    const res = await fetch(`${world.api.url}${path}`, { ...init, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // the webhook's empty body
    }
    return { status: res.status, body, retryAfter: res.headers.get('retry-after') };
  }

  const event = {
    resourceId: randomUUID(),
    eventDateUtc: '2026-11-30T10:00:01.000',
    eventType: 'UPDATE',
    eventCategory: 'CONTACT',
    tenantType: 'ORGANISATION',
  };
  /** One delivery, the same bytes each time Xero retries it. */
  function deliverWebhook(): Promise<Answer> {
    const body = JSON.stringify({
      events: [{ ...event, tenantId: orgId }],
      firstEventSequence: 1,
      lastEventSequence: 1,
    });
    const signature = createHmac('sha256', world.app.webhookKey).update(Buffer.from(body)).digest('base64');
    return hit('/api/xero/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
      body,
    });
  }

  const askEverything = async () => ({
    health: await hit('/health'),
    live: await hit('/health/live'),
    tenant: await hit('/api/tenant', { headers: { cookie: sessionCookie } }),
    webhook: await deliverWebhook(),
  });
  const statuses = (a: Record<string, Answer>) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.status]));

  it('answers 503 (readiness, a signed-in route, the Xero webhook) while PostgreSQL is gone, and 200 once it is back', async () => {
    expect(statuses(await askEverything())).toEqual({ health: 200, live: 200, tenant: 200, webhook: 200 });
    // the delivery used above is stored; the one that follows is new
    event.resourceId = randomUUID();
    pg.switchOff();
    const out = await eventually('every request path to meet the outage', async () => {
      const a = await askEverything();
      return a.tenant.status !== 200 && a.health.status !== 200 && a.webhook.status !== 200 ? a : undefined;
    });
    expect(statuses(out)).toEqual({ health: 503, live: 200, tenant: 503, webhook: 503 });
    expect(out.health.body).toMatchObject({ status: 'error', details: { database: { status: 'down' } } });
    expect(out.tenant.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The service is briefly unavailable; try again shortly.',
      errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(out.tenant.retryAfter).toBe('5');
    expect(JSON.stringify(out)).not.toMatch(/ECONNRESET|ECONNREFUSED|at .*\.(t|j)s:\d+|Connection terminated/);
    expect(pg.refused).toBeGreaterThan(0);
    pg.switchOn();
    const back = await eventually('every request path healthy again', async () => {
      const a = await askEverything();
      return Object.values(a).every((v) => v.status === 200) ? a : undefined;
    });
    expect(back.health.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
    // Xero's retry of the delivery refused during the outage, and one more: stored once
    expect((await deliverWebhook()).status).toBe(200);
    const stored = await owner.query(`SELECT count(*)::int AS n FROM xero_webhook_inbox WHERE resource_id = $1`, [
      event.resourceId,
    ]);
    expect(stored).toEqual([{ n: 1 }]);
  });
});
