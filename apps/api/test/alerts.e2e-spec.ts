// Alerts over HTTP and the evaluator against real PostgreSQL: a failing flow raises exactly one
// alert, mailed through the email outbox and sent as a signed webhook to a receiver on 127.0.0.1,
// stays one while failures go on, and is resolved (and notified) when the flow recovers; a receiver
// that is down gets the notice on a later attempt. Roles, other tenants, hostile bodies and the SSRF
// guard on the webhook URL included.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { SecretStore } from '#lb/crypto';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { AlertEvaluator, AlertRuleInvalidError, AlertRules, AlertWebhookSender } from '#lb/sync';
import { ownerDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { invitedViewer, Member, pairByHand, seedSettled, signedUpOwner } from './flows-world';
import { change, read, startXeroWorld, XeroWorld } from './xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';

interface Received {
  body: string;
  signature: string | undefined;
}

/** A webhook receiver on loopback that records what it is sent; `down` answers 503. */
async function startReceiver() {
  const received: Received[] = [];
  const state = { down: false };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (state.down) {
        res.writeHead(503).end();
        return;
      }
      received.push({ body, signature: req.headers['x-ledgerbridge-signature'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts`;
  return { url, received, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const signed = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('alerts', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let tenantId: string;
  let strangerTenantId: string;
  let integrationId: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let evaluator: AlertEvaluator;
  let sender: AlertWebhookSender;
  let rulesAllowingPrivate: AlertRules;
  let rulesPublicOnly: AlertRules;

  const emails = (to: string) =>
    owner.query<Array<{ subject: string; body: string }>>(
      `SELECT subject, body FROM email_outbox WHERE tenant_id = $1 AND to_address = $2 ORDER BY created_at`,
      [tenantId, to],
    );
  const deliveries = () =>
    owner.query<Array<{ id: string; event: string; state: string; attempts: number; last_error: string | null }>>(
      `SELECT id, event, state, attempts, last_error FROM alert_webhook_deliveries WHERE tenant_id = $1 ORDER BY created_at`,
      [tenantId],
    );
  const ruleCount = async (t: string) =>
    Number((await owner.query(`SELECT count(*) AS n FROM alert_rules WHERE tenant_id = $1`, [t]))[0].n);
  const fail = (sourceKey: string) =>
    seedSettled(owner, { tenantId, integrationId, flowKey: 'invoices', entity: 'invoice', sourceKey, state: 'dead' });

  beforeAll(async () => {
    receiver = await startReceiver();
    world = await startXeroWorld({ REDIS_URL: await isolatedRedisUrl() }, (sandboxUrl) => ({
      SANDBOX_URL: sandboxUrl,
    }));
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'alerts-admin');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'alerts-stranger');
    ({ integrationId } = await pairByHand(world, admin));
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    strangerTenantId = (await read(world, stranger.browser, '/api/tenant')).body.id;
    const app = world.api.app!;
    const tx = app.get(TenantTransactions);
    const secrets = app.get(SecretStore);
    evaluator = new AlertEvaluator(tx, app.get(SystemAccess), app.get(JobProducer));
    // The receiver listens on loopback: allowed only where private targets are (tests, the sandbox).
    sender = new AlertWebhookSender(tx, secrets, true);
    rulesAllowingPrivate = new AlertRules(tx, secrets, app.get(AuditTrail), true);
    rulesPublicOnly = new AlertRules(tx, secrets, app.get(AuditTrail), false);
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
    await receiver?.close();
  });

  it('a failing flow raises one alert, mailed and signed, stays one while failures go on, resolves on recovery', async () => {
    const actor = { actor: { kind: 'system' as const, id: null }, origin: { ip: '127.0.0.1', userAgent: 'test' } };
    const { rule, webhookSecret } = await rulesAllowingPrivate.create(
      tenantId,
      {
        name: 'Invoices failing',
        kind: 'flow-failing',
        threshold: 2,
        windowMinutes: 60,
        integrationId,
        flowKey: 'invoices',
        emailRecipients: ['Ops@Example.com'],
        webhookUrl: receiver.url,
      },
      actor,
    );
    expect(webhookSecret).toMatch(/^whsec_/);
    // The secret is answered once: never in the rule's view again.
    expect(JSON.stringify((await read(world, admin.browser, `/api/alerts/rules/${rule.id}`)).body)).not.toContain(
      webhookSecret!,
    );

    await fail('FAC1');
    expect((await evaluator.evaluateTenant(tenantId)).opened).toBe(0); // one failure is below N = 2
    await fail('FAC2');
    expect(await evaluator.evaluateTenant(tenantId)).toEqual({ opened: 1, resolved: 0, held: 0 });

    const open = (await read(world, viewer.browser, '/api/alerts?state=open')).body;
    expect(open).toEqual([
      expect.objectContaining({ ruleId: rule.id, state: 'open', subject: `flow:${integrationId}:invoices` }),
    ]);
    expect(open[0].details).toEqual(expect.objectContaining({ failures: 2, flowKey: 'invoices' }));
    const mailed = await emails('ops@example.com');
    expect(mailed).toHaveLength(1);
    expect(mailed[0].subject).toBe('[Ledgerbridge] Alert: Invoices failing');

    const [opened] = await deliveries();
    expect(await sender.deliver(tenantId, opened.id)).toBe('delivered');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].signature).toBe(signed(webhookSecret!, receiver.received[0].body));
    expect(JSON.parse(receiver.received[0].body)).toEqual(
      expect.objectContaining({
        event: 'alert.opened',
        alertId: open[0].id,
        subject: `flow:${integrationId}:invoices`,
      }),
    );
    expect(await sender.deliver(tenantId, opened.id)).toBe('already'); // a redelivered job sends nothing twice
    expect(receiver.received).toHaveLength(1);

    // Failures go on: still the one alert, no new notice.
    await fail('FAC3');
    expect(await evaluator.evaluateTenant(tenantId)).toEqual({ opened: 0, resolved: 0, held: 1 });
    expect(await evaluator.evaluateTenant(tenantId)).toEqual({ opened: 0, resolved: 0, held: 1 });
    expect((await read(world, admin.browser, '/api/alerts')).body).toHaveLength(1);
    expect(await emails('ops@example.com')).toHaveLength(1);
    expect(await deliveries()).toHaveLength(1);

    // The flow recovers: a change goes through after the failures.
    await seedSettled(owner, {
      tenantId,
      integrationId,
      flowKey: 'invoices',
      entity: 'invoice',
      sourceKey: 'FAC4',
      state: 'done',
    });
    expect(await evaluator.evaluateTenant(tenantId)).toEqual({ opened: 0, resolved: 1, held: 0 });
    const all = (await read(world, admin.browser, '/api/alerts')).body;
    expect(all).toEqual([expect.objectContaining({ state: 'resolved', resolvedAt: expect.any(String) })]);
    const mailedAfter = await emails('ops@example.com');
    expect(mailedAfter.map((e) => e.subject)).toEqual([
      '[Ledgerbridge] Alert: Invoices failing',
      '[Ledgerbridge] Resolved: Invoices failing',
    ]);

    // The receiver is down: the attempt is recorded and thrown (Bull retries with backoff), then delivered.
    const resolved = (await deliveries())[1];
    expect(resolved.event).toBe('resolved');
    receiver.state.down = true;
    await expect(sender.deliver(tenantId, resolved.id)).rejects.toThrow(/receiver answered 503/);
    expect((await deliveries())[1]).toEqual(expect.objectContaining({ state: 'pending', attempts: 1 }));
    receiver.state.down = false;
    expect(await sender.deliver(tenantId, resolved.id)).toBe('delivered');
    expect((await deliveries())[1]).toEqual(
      expect.objectContaining({ state: 'delivered', attempts: 2, last_error: null }),
    );
    const last = receiver.received[receiver.received.length - 1];
    expect(last.signature).toBe(signed(webhookSecret!, last.body));
    expect(JSON.parse(last.body).event).toBe('alert.resolved');

    // The development mail viewer shows what the outbox would have sent, to admins of the tenant only.
    const viewed = await read(world, admin.browser, '/api/dev/mails');
    expect(viewed.status).toBe(200);
    expect(
      viewed.body.filter((e: { to: string }) => e.to === 'ops@example.com').map((e: { subject: string }) => e.subject),
    ).toEqual(['[Ledgerbridge] Resolved: Invoices failing', '[Ledgerbridge] Alert: Invoices failing']);
    expect((await read(world, viewer.browser, '/api/dev/mails')).status).toBe(403);
    expect(JSON.stringify((await read(world, stranger.browser, '/api/dev/mails')).body)).not.toContain(
      'ops@example.com',
    );

    // Quiet again: nothing opens.
    expect(await evaluator.evaluateTenant(tenantId)).toEqual({ opened: 0, resolved: 0, held: 0 });

    // Another tenant sees none of it.
    expect((await read(world, stranger.browser, '/api/alerts')).body).toEqual([]);
    expect((await read(world, stranger.browser, '/api/alerts/rules')).body).toEqual([]);
    expect((await read(world, stranger.browser, `/api/alerts/rules/${rule.id}`)).status).toBe(404);
    expect((await change(world, stranger.browser, 'DELETE', `/api/alerts/rules/${rule.id}`)).status).toBe(404);
    expect(await ruleCount(tenantId)).toBe(1);
  });

  it('admins create and delete rules over HTTP; viewers read only; another tenant gets 404', async () => {
    const created = await change(world, admin.browser, 'POST', '/api/alerts/rules', {
      name: 'Too many dead letters',
      kind: 'dead-letters',
      threshold: 10,
      emailRecipients: ['finance@example.com'],
    });
    expect(created.status).toBe(201);
    expect(created.body.webhookSecret).toBeNull();
    const id = created.body.rule.id as string;
    expect((await read(world, viewer.browser, '/api/alerts/rules')).body.map((r: { id: string }) => r.id)).toContain(
      id,
    );
    expect((await read(world, viewer.browser, `/api/alerts/rules/${id}`)).status).toBe(200);

    const before = await ruleCount(tenantId);
    const viewerCreate = await change(world, viewer.browser, 'POST', '/api/alerts/rules', {
      name: 'x',
      kind: 'lag',
      threshold: 5,
      emailRecipients: ['a@example.com'],
    });
    expect(viewerCreate.status).toBe(403);
    expect((await change(world, viewer.browser, 'DELETE', `/api/alerts/rules/${id}`)).status).toBe(403);
    expect(await ruleCount(tenantId)).toBe(before);

    expect((await read(world, stranger.browser, `/api/alerts/rules/${id}`)).status).toBe(404);
    expect((await change(world, stranger.browser, 'DELETE', `/api/alerts/rules/${id}`)).status).toBe(404);
    expect((await read(world, admin.browser, `/api/alerts/rules/${NOBODY}`)).status).toBe(404);
    expect((await read(world, admin.browser, '/api/alerts/rules/not-an-id')).status).toBe(400);

    expect((await change(world, admin.browser, 'DELETE', `/api/alerts/rules/${id}`)).status).toBe(204);
    expect((await read(world, admin.browser, `/api/alerts/rules/${id}`)).status).toBe(404);
    expect(await ruleCount(tenantId)).toBe(before - 1);

    // A webhook rule's sealed signing secret goes with it.
    const hooked = await rulesAllowingPrivate.create(
      tenantId,
      { name: 'hook', kind: 'lag', threshold: 5, webhookUrl: receiver.url },
      { actor: { kind: 'system', id: null }, origin: {} },
    );
    const [{ secret_id: secretId }] = await owner.query<Array<{ secret_id: string }>>(
      `SELECT webhook_secret_id AS secret_id FROM alert_rules WHERE id = $1`,
      [hooked.rule.id],
    );
    const sealed = async () =>
      Number((await owner.query(`SELECT count(*) AS n FROM secrets WHERE id = $1`, [secretId]))[0].n);
    expect(await sealed()).toBe(1);
    expect((await change(world, admin.browser, 'DELETE', `/api/alerts/rules/${hooked.rule.id}`)).status).toBe(204);
    expect(await sealed()).toBe(0);
  });

  it('refuses hostile rule bodies with 400 and stores nothing', async () => {
    const strangerIntegration = await owner.query<Array<{ id: string }>>(
      `SELECT id FROM integrations WHERE tenant_id <> $1 LIMIT 1`,
      [tenantId],
    );
    const good = { name: 'ok', kind: 'lag', threshold: 5, emailRecipients: ['a@example.com'] };
    const hostile: Array<[string, Record<string, unknown>]> = [
      ['unknown kind', { ...good, kind: 'everything' }],
      ['no kind', { name: 'ok', threshold: 5, emailRecipients: ['a@example.com'] }],
      ['negative threshold', { ...good, threshold: -1 }],
      ['threshold as text', { ...good, threshold: '5' }],
      ['fractional threshold', { ...good, threshold: 1.5 }],
      ['no channel', { name: 'ok', kind: 'lag', threshold: 5 }],
      ['bad email', { ...good, emailRecipients: ['not-an-email'] }],
      ['too many recipients', { ...good, emailRecipients: Array.from({ length: 21 }, (_, i) => `a${i}@example.com`) }],
      ['name too long', { ...good, name: 'x'.repeat(101) }],
      ['unknown field', { ...good, tenantId: strangerTenantId }],
      ['bad flow key', { ...good, flowKey: "invoices'; DROP TABLE alerts;--" }],
      ['not a URL', { ...good, webhookUrl: 'not a url' }],
      ['ftp URL', { ...good, webhookUrl: 'ftp://example.com/x' }],
      ['URL with credentials', { ...good, webhookUrl: 'https://user:pw@example.com/x' }],
      ['another tenant’s integration', { ...good, integrationId: strangerIntegration[0]?.id ?? NOBODY }],
      ['no such integration', { ...good, integrationId: NOBODY }],
    ];
    const before = await ruleCount(tenantId);
    for (const [what, body] of hostile) {
      const res = await change(world, admin.browser, 'POST', '/api/alerts/rules', body);
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
      expect(typeof res.body.message === 'string' || Array.isArray(res.body.message)).toBe(true);
    }
    expect(await ruleCount(tenantId)).toBe(before);
  });

  it('the SSRF guard refuses private and metadata webhook URLs at creation unless private targets are allowed', async () => {
    const before = await ruleCount(tenantId);
    for (const url of [
      receiver.url,
      'http://169.254.169.254/latest/meta-data',
      'http://metadata.google.internal/computeMetadata/v1',
      'http://10.0.0.5/hook',
      'http://localhost:8080/hook',
      'http://[::ffff:127.0.0.1]/hook',
    ]) {
      const res = await change(world, admin.browser, 'POST', '/api/alerts/rules', {
        name: 'ssrf',
        kind: 'dead-letters',
        threshold: 1,
        webhookUrl: url,
      });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body.message).toMatch(/not allowed/);
    }
    const actor = { actor: { kind: 'system' as const, id: null }, origin: { ip: '127.0.0.1', userAgent: 'test' } };
    await expect(
      rulesPublicOnly.create(
        tenantId,
        { name: 'ssrf', kind: 'lag', threshold: 1, webhookUrl: 'http://127.0.0.1/' },
        actor,
      ),
    ).rejects.toBeInstanceOf(AlertRuleInvalidError);
    expect(await ruleCount(tenantId)).toBe(before);
  });
});
