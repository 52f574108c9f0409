import { createHmac, randomUUID } from 'node:crypto';
import Bull from 'bull';
import { DataSource } from 'typeorm';
import { SecretStore, SecretBox, KeyRing } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { XeroEvent, XeroWebhookInbox } from '#lb/connectors/xero';
import {
  eventually,
  isolatedDatabase,
  ownerDataSource,
  requireEnv,
  runtimeDataSource,
  SuiteDatabase,
} from '#lb/testing';
import { RunningApi, startApi } from './api-harness';
import { tenantWithXeroOrg } from './xero-tenant';

const KEY = 'test-webhook-key-0123456789';

const sign = (body: string, key = KEY) => createHmac('sha256', key).update(Buffer.from(body)).digest('base64');

async function post(api: RunningApi, body: string, signature?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== undefined) headers['x-xero-signature'] = signature;
  return fetch(`${api.url}/api/xero/webhooks`, { method: 'POST', headers, body, signal: AbortSignal.timeout(5_000) });
}

describe('Xero webhook inbox (api, real PostgreSQL and Redis)', () => {
  let api: RunningApi;
  let ds: DataSource;
  let owner: DataSource;
  let tx: TenantTransactions;
  let secrets: SecretStore;
  let queue: Bull.Queue;

  let db: SuiteDatabase;

  beforeAll(async () => {
    // its own database: two tests rename the inbox and event tables, which other suites write
    db = await isolatedDatabase();
    api = await startApi({ XERO_WEBHOOK_KEY: KEY, DATABASE_URL: db.urls.DATABASE_URL });
    ds = await runtimeDataSource(5, db.urls.DATABASE_URL);
    owner = await ownerDataSource(db.urls.DATABASE_OWNER_URL);
    tx = new TenantTransactions(ds);
    secrets = new SecretStore(
      new SecretBox(KeyRing.parse(requireEnv('SECRETS_KEYS'), requireEnv('SECRETS_ACTIVE_KEY_ID'))),
    );
    queue = new Bull('xero', requireEnv('REDIS_URL'), { prefix: 'lb' });
  });
  afterAll(async () => {
    await queue?.close();
    await api?.close();
    await ds?.destroy();
    await owner?.destroy();
    await db?.drop();
  });

  it('passes intent-to-receive: 200 empty for a signed empty batch, 401 for a bad signature, no cookie', async () => {
    const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'XYZ' });
    const ok = await post(api, body, sign(body));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('');
    expect(ok.headers.get('set-cookie')).toBeNull();
    const bad = await post(api, body, sign(body, 'wrong-key'));
    expect(bad.status).toBe(401);
    expect(await bad.text()).toBe('');
    expect((await post(api, body)).status).toBe(401);
    // signature over different bytes (re-serialised JSON) does not pass
    expect((await post(api, body.replace('XYZ', 'XYW'), sign(body))).status).toBe(401);
  });

  it('stores, dedupes, routes to the owning tenant only, and enqueues one job per event', async () => {
    const orgA = randomUUID();
    const a = await tenantWithXeroOrg(tx, secrets, orgA);
    const b = await tenantWithXeroOrg(tx, secrets, randomUUID());
    const resourceId = randomUUID();
    const event = {
      resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${resourceId}`,
      resourceId,
      eventDateUtc: '2026-11-26T10:15:39.902',
      eventType: 'UPDATE',
      eventCategory: 'INVOICE',
      tenantId: orgA,
      tenantType: 'ORGANISATION',
    };
    const stranger = { ...event, tenantId: randomUUID(), resourceId: randomUUID() };
    const body = JSON.stringify({
      events: [event, stranger],
      firstEventSequence: 1,
      lastEventSequence: 2,
      entropy: 'E1',
    });
    expect((await post(api, body, sign(body))).status).toBe(200);
    // Xero retries the same delivery: no second event
    const again = JSON.stringify({ events: [event], firstEventSequence: 1, lastEventSequence: 1, entropy: 'E2' });
    expect((await post(api, again, sign(again))).status).toBe(200);

    const inbox = await owner
      .getRepository(XeroWebhookInbox)
      .find({ where: [{ xeroTenantId: orgA }, { xeroTenantId: stranger.tenantId }] });
    expect(inbox.map((i) => i.status).sort()).toEqual(['routed', 'unrouted']);
    const eventsA = await tx.run(a.tenantId, (m) => m.find(XeroEvent));
    expect(eventsA).toHaveLength(1);
    expect(eventsA[0]).toMatchObject({
      connectionId: a.connectionId,
      resourceId,
      eventCategory: 'INVOICE',
      status: 'pending',
    });
    expect(await tx.run(b.tenantId, (m) => m.find(XeroEvent))).toHaveLength(0);
    // tenant B cannot read A's event even by id
    expect(await tx.run(b.tenantId, (m) => m.findOne(XeroEvent, { where: { id: eventsA[0].id } }))).toBeNull();

    const job = await eventually(
      'the routed job',
      async () => (await queue.getJob(`xero-event:${eventsA[0].id}`)) ?? undefined,
    );
    expect(job.data).toEqual({ tenantId: a.tenantId, eventId: eventsA[0].id });
  });

  /** An INVOICE event of `org` as Xero sends it. */
  const xeroEvent = (org: string, resourceId: string = randomUUID(), eventDateUtc = '2026-11-27T08:00:00.000') => ({
    resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${resourceId}`,
    resourceId,
    eventDateUtc,
    eventType: 'UPDATE',
    eventCategory: 'INVOICE',
    tenantId: org,
    tenantType: 'ORGANISATION',
  });
  const deliveryOf = (events: object[]) =>
    JSON.stringify({ events, firstEventSequence: 1, lastEventSequence: events.length, entropy: randomUUID() });
  const inboxOf = (orgs: string[]) =>
    owner.getRepository(XeroWebhookInbox).find({ where: orgs.map((xeroTenantId) => ({ xeroTenantId })) });

  it('stores and routes a batched delivery at once: several tenants, a repeat within it, unknown and hostile ids', async () => {
    const orgA = randomUUID();
    const orgB = randomUUID();
    const a = await tenantWithXeroOrg(tx, secrets, orgA);
    const b = await tenantWithXeroOrg(tx, secrets, orgB);
    const [a1, a2, b1] = [xeroEvent(orgA), xeroEvent(orgA), xeroEvent(orgB)];
    const unknownOrg = xeroEvent(randomUUID());
    const notUuid = xeroEvent(orgA, "x'); DROP TABLE xero_events; --");
    // upper case ids are the same organisation and resource (the inbox keys them lower case)
    const shouted = { ...xeroEvent(orgB, randomUUID().toUpperCase()), tenantId: orgB.toUpperCase() };
    const body = deliveryOf([a1, b1, a2, a1, unknownOrg, notUuid, shouted]);
    const res = await post(api, body, sign(body));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');

    const inbox = await inboxOf([orgA, orgB, unknownOrg.tenantId]);
    expect(inbox).toHaveLength(6); // a1 once
    const routed = inbox.filter((i) => i.status === 'routed');
    expect(routed.map((i) => i.routedTenantId).sort()).toEqual([a.tenantId, a.tenantId, b.tenantId, b.tenantId].sort());
    expect(
      inbox
        .filter((i) => i.status === 'unrouted')
        .map((i) => i.resourceId)
        .sort(),
    ).toEqual([unknownOrg.resourceId, notUuid.resourceId.toLowerCase()].sort());
    const eventsA = await tx.run(a.tenantId, (m) => m.find(XeroEvent));
    const eventsB = await tx.run(b.tenantId, (m) => m.find(XeroEvent));
    expect(eventsA.map((e) => e.resourceId).sort()).toEqual([a1.resourceId, a2.resourceId].sort());
    expect(eventsB.map((e) => e.resourceId).sort()).toEqual([b1.resourceId, shouted.resourceId.toLowerCase()].sort());
    expect(eventsB.every((e) => e.connectionId === b.connectionId && e.status === 'pending')).toBe(true);
    // one fetch job per routed event, carrying its own tenant and nothing more
    for (const [tenantId, events] of [
      [a.tenantId, eventsA],
      [b.tenantId, eventsB],
    ] as const) {
      for (const e of events) {
        const job = await eventually(
          'the routed job',
          async () => (await queue.getJob(`xero-event:${e.id}`)) ?? undefined,
        );
        expect(job.data).toEqual({ tenantId, eventId: e.id });
      }
    }

    // the whole delivery again (Xero retrying it): nothing new anywhere
    expect((await post(api, body, sign(body))).status).toBe(200);
    expect(await inboxOf([orgA, orgB, unknownOrg.tenantId])).toHaveLength(6);
    expect(await tx.run(a.tenantId, (m) => m.count(XeroEvent))).toBe(2);
  });

  it('stores nothing from a delivery whose signature is wrong', async () => {
    const org = randomUUID();
    await tenantWithXeroOrg(tx, secrets, org);
    const body = deliveryOf([xeroEvent(org), xeroEvent(org)]);
    expect((await post(api, body, sign(body, 'not-the-key'))).status).toBe(401);
    expect((await post(api, body, sign(`${body} `))).status).toBe(401);
    expect(await inboxOf([org])).toHaveLength(0);
  });

  it('takes no session on the webhook route: a session cookie is neither read nor answered', async () => {
    const body = deliveryOf([]);
    const res = await fetch(`${api.url}/api/xero/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-xero-signature': sign(body),
        cookie: 'lb_session=s%3Aforged.sig',
      },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('acknowledges a stored delivery whose routing fails, leaving its events for the re-routing sweep', async () => {
    const org = randomUUID();
    const t = await tenantWithXeroOrg(tx, secrets, org);
    const body = deliveryOf([xeroEvent(org), xeroEvent(org)]);
    await owner.query('ALTER TABLE xero_events RENAME TO xero_events_away');
    try {
      expect((await post(api, body, sign(body))).status).toBe(200);
    } finally {
      await owner.query('ALTER TABLE xero_events_away RENAME TO xero_events');
    }
    expect((await inboxOf([org])).map((i) => i.status)).toEqual(['received', 'received']);
    expect(await tx.run(t.tenantId, (m) => m.count(XeroEvent))).toBe(0);
  });

  it('keeps the inbox away from the runtime role: no direct reads or writes', async () => {
    await expect(ds.query('SELECT count(*) FROM xero_webhook_inbox')).rejects.toThrow(/permission denied/);
    await expect(
      ds.query(
        `INSERT INTO xero_webhook_inbox (xero_tenant_id, event_category, resource_id, event_type, event_date_utc) VALUES ('x','y','z','w','v')`,
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('answers non-200 when the event cannot be stored, so Xero retries', async () => {
    const event = {
      resourceId: randomUUID(),
      eventDateUtc: '2026-11-26T10:15:39.902',
      eventType: 'CREATE',
      eventCategory: 'CONTACT',
      tenantId: randomUUID(),
      tenantType: 'ORGANISATION',
    };
    const body = JSON.stringify({ events: [event], firstEventSequence: 1, lastEventSequence: 1, entropy: 'E3' });
    await owner.query('ALTER TABLE xero_webhook_inbox RENAME TO xero_webhook_inbox_away');
    try {
      const res = await post(api, body, sign(body));
      expect(res.status).toBeGreaterThanOrEqual(500);
    } finally {
      await owner.query('ALTER TABLE xero_webhook_inbox_away RENAME TO xero_webhook_inbox');
    }
    expect((await post(api, body, sign(body))).status).toBe(200);
  });
});
