// Every inbound webhook fuzzed, bodies and headers together (issue 17): Xero (x-xero-signature),
// Stripe (Stripe-Signature), the Shopify-shaped shop order webhook and the X3 nudge (bearer token).
// Bodies: any bytes (mostly invalid UTF-8), JSON of any shape, JSON with an invalid byte inside,
// nesting far past each route's depth, bodies past each route's cap, and the route's own valid
// event with one field replaced by anything; headers: no, garbage, borrowed or correct signatures,
// odd content types and encodings. Whatever arrives, the answer is a 2xx only for a correctly
// signed request, otherwise a 4xx with a JSON message (or the sender's own protocol answer: Xero's
// empty 401, Stripe's `{"received":false}`) and nothing internal, nothing is stored for
// a refusal, and the api keeps answering. Fixed seeds: the same cases every run.
import { createHmac, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { isolatedDatabase, ownerDataSource, SuiteDatabase } from '#lb/testing';
import { signedUpOwner } from '../flows-world';
import { change, read, startXeroWorld, XeroWorld } from '../xero-world';
import { expectCleanRefusal, LEAK, rawRequest } from './hostile-requests';

const SEED = 1791;
const RUNS = 100;
const STRIPE_SECRET = 'whsec_webhook_fuzz';
const stripeSigner = new Stripe('sk_test_signing_only');
const hmac = (key: string, body: Buffer) => createHmac('sha256', key).update(body).digest('base64');

type SignatureMode = 'none' | 'garbage' | 'correct' | 'other-body' | 'wrong-key';

interface Webhook {
  name: string;
  path: () => string;
  /** Bytes past the route's own cap (INBOUND_BODY_LIMITS). */
  capBytes: number;
  validBody: () => Record<string, unknown>;
  headers: (body: Buffer, mode: SignatureMode, garbage: string) => Record<string, string>;
  stored: () => Promise<number>;
}

/** The route's valid body with one field (top level or one down) replaced by anything at all. */
const mutated = (valid: () => Record<string, unknown>) =>
  fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 }), fc.boolean()).map(([pick, value, deeper]) => {
    const body = valid();
    const keys = Object.keys(body);
    const key = keys[pick % keys.length];
    const inner = body[key];
    if (deeper && inner && typeof inner === 'object' && !Array.isArray(inner)) {
      const innerKeys = Object.keys(inner);
      if (innerKeys.length) (inner as Record<string, unknown>)[innerKeys[pick % innerKeys.length]] = value;
    } else body[key] = value;
    return Buffer.from(JSON.stringify(body));
  });

const bodies = (hook: Webhook) =>
  fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
    fc.json({ maxDepth: 4 }).map((s) => Buffer.from(s)),
    fc.tuple(fc.json({ maxDepth: 3 }), fc.nat(), fc.constantFrom(0xff, 0xc0, 0xed, 0x80, 0xfe)).map(([s, at, byte]) => {
      const b = Buffer.from(s);
      const i = at % (b.length + 1);
      return Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)]);
    }),
    fc.integer({ min: 13, max: 20_000 }).map((n) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`)),
    fc.integer({ min: 13, max: 3_000 }).map((n) => Buffer.from(`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`)),
    fc.constant(null).map(() => Buffer.from(JSON.stringify({ ...hook.validBody(), pad: 'x'.repeat(hook.capBytes) }))),
    mutated(hook.validBody),
    mutated(hook.validBody),
  );

const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 120,
});
const extraHeaders = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/vnd.api+json',
    ),
    'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-bogus'),
    'x-forwarded-for': fc.constantFrom('127.0.0.1', "1' OR '1'='1", '::1, 10.0.0.1'),
    cookie: fc.constantFrom('lb_session=s%3Aforged.sig', 'lb_session=../../etc/passwd'),
  },
  { requiredKeys: [] },
);

describe('attack: every inbound webhook, fuzzed bodies and headers (property)', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let tenantId: string;
  let integrationId: string;
  let shop: { id: string; secret: string };
  let nudgeToken: string;
  const counts = { accepted: 0, refused: 0 };

  let db: SuiteDatabase;

  beforeAll(async () => {
    // its own database: "a refused request stored nothing" counts whole tables other suites write to
    db = await isolatedDatabase();
    world = await startXeroWorld(
      { STRIPE_WEBHOOK_SECRET: STRIPE_SECRET, DATABASE_URL: db.urls.DATABASE_URL },
      (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }),
    );
    owner = await ownerDataSource(db.urls.DATABASE_OWNER_URL);
    const admin = await signedUpOwner(world, 'fuzz-hooks');
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    const trial = await change(world, admin.browser, 'POST', '/api/sandbox/try');
    expect(trial.status).toBe(201);
    integrationId = trial.body.integrationId;
    const made = await change(world, admin.browser, 'POST', `/api/integrations/${integrationId}/shop-connections`, {
      name: 'Fuzzed shop',
      salesSite: 'NZ011',
      xeroPaymentAccount: '090',
      customerDefaults: { currency: 'NZD', taxRule: 'NZL', paymentTerm: 'CH30NETEOM' },
    });
    expect(made.status).toBe(201);
    shop = { id: made.body.connection.id, secret: made.body.secret };
    const token = await change(world, admin.browser, 'POST', `/api/integrations/${integrationId}/nudge-token`);
    expect(token.status).toBeLessThan(300);
    nudgeToken = token.body.token;
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
    await db?.drop();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await owner.query<Array<{ n: string }>>(sql, params))[0].n);

  const hooks: Webhook[] = [
    {
      name: 'Xero',
      path: () => '/api/xero/webhooks',
      capBytes: 256 * 1024,
      validBody: () => ({
        events: [
          {
            resourceUrl: 'https://api.xero.com/api.xro/2.0/Contacts/x',
            resourceId: randomUUID(),
            eventDateUtc: '2026-11-20T09:30:00.000',
            eventType: 'UPDATE',
            eventCategory: 'CONTACT',
            tenantId: randomUUID(),
            tenantType: 'ORGANISATION',
          },
        ],
        firstEventSequence: 1,
        lastEventSequence: 1,
        entropy: 'FUZZ',
      }),
      headers: (body, mode, garbage): Record<string, string> => {
        const sig = {
          none: undefined,
          garbage,
          correct: hmac(world.app.webhookKey, body),
          'other-body': hmac(world.app.webhookKey, Buffer.from('{}')),
          'wrong-key': hmac('not-the-key', body),
        }[mode];
        return sig === undefined ? {} : { 'x-xero-signature': sig };
      },
      stored: () => count('SELECT count(*) AS n FROM xero_webhook_inbox'),
    },
    {
      name: 'Stripe',
      path: () => '/api/billing/stripe/webhooks',
      capBytes: 256 * 1024,
      validBody: () => ({
        id: `evt_fuzz${randomUUID().replace(/-/g, '')}`,
        object: 'event',
        type: 'invoice.paid',
        created: 1_790_000_000,
        data: { object: { object: 'invoice', customer: 'cus_nobody' } },
      }),
      headers: (body, mode, garbage): Record<string, string> => {
        const sign = (payload: string, secret: string) =>
          stripeSigner.webhooks.generateTestHeaderString({ payload, secret });
        const sig = {
          none: undefined,
          garbage,
          correct: sign(body.toString('latin1'), STRIPE_SECRET),
          'other-body': sign('{}', STRIPE_SECRET),
          'wrong-key': sign(body.toString('latin1'), 'whsec_guess'),
        }[mode];
        return sig === undefined ? {} : { 'stripe-signature': sig };
      },
      stored: () => count('SELECT count(*) AS n FROM stripe_events'),
    },
    {
      name: 'shop order',
      path: () => `/api/shop/webhooks/${shop.id}`,
      capBytes: 512 * 1024,
      validBody: () => ({
        id: 820982911946154500,
        admin_graphql_api_id: `gid://shopify/Order/${Date.now()}`,
        name: '#9999',
        email: 'jon@example.com',
        currency: 'NZD',
        created_at: '2026-11-20T09:30:00+13:00',
        taxes_included: true,
        total_price: '24.90',
        line_items: [{ sku: 'NZFOOD01', quantity: 1, price: '24.90', title: 'Honey' }],
        customer: { id: 1, email: 'jon@example.com', first_name: 'Jon', last_name: 'Snow' },
      }),
      headers: (body, mode, garbage): Record<string, string> => {
        const sig = {
          none: undefined,
          garbage,
          correct: hmac(shop.secret, body),
          'other-body': hmac(shop.secret, Buffer.from('{}')),
          'wrong-key': hmac('0'.repeat(64), body),
        }[mode];
        return {
          'x-shopify-topic': 'orders/create',
          'x-shopify-webhook-id': randomUUID(),
          ...(sig === undefined ? {} : { 'x-shopify-hmac-sha256': sig }),
        };
      },
      stored: () => count('SELECT count(*) AS n FROM shop_events WHERE tenant_id = $1', [tenantId]),
    },
    {
      name: 'X3 nudge',
      path: () => `/api/integrations/${integrationId}/nudge/invoices`,
      capBytes: 1024,
      validBody: () => ({ reason: 'SOH saved', key: 'SO00042' }),
      headers: (_body, mode, garbage): Record<string, string> => {
        const token = {
          none: undefined,
          garbage,
          correct: nudgeToken,
          'other-body': `${nudgeToken}x`,
          'wrong-key': nudgeToken.slice(0, -1),
        }[mode];
        return token === undefined ? {} : { authorization: `Bearer ${token}` };
      },
      // A nudge stores no body: what it may leave is a queued poll (outbox, or relayed to Bull).
      stored: () => count(`SELECT count(*) AS n FROM job_outbox WHERE tenant_id = $1`, [tenantId]),
    },
  ];

  it.each(hooks.map((h) => [h.name, h] as const))(
    'the %s webhook: a 2xx only when correctly signed; otherwise a clean 4xx and nothing stored',
    async (_name, hook) => {
      await fc.assert(
        fc.asyncProperty(
          bodies(hook),
          fc.constantFrom<SignatureMode>('none', 'garbage', 'correct', 'correct', 'other-body', 'wrong-key'),
          headerText,
          extraHeaders,
          async (body, mode, garbage, extra) => {
            const before = await hook.stored();
            const headers = { 'content-type': 'application/json', ...extra, ...hook.headers(body, mode, garbage) };
            const answer = await rawRequest(`${world.api.url}${hook.path()}`, { headers, body });
            const what = `${hook.name} ${mode} ${JSON.stringify(extra)} ${body.subarray(0, 120).toString('latin1')}`;
            expect(answer.status).toBeLessThan(500);
            expect(LEAK.test(answer.text) ? answer.text : '').toBe('');
            if (answer.status < 300) {
              if (mode !== 'correct')
                throw new Error(`${what}: accepted (${answer.status}) without a correct signature`);
              counts.accepted++;
              return;
            }
            expectCleanRefusal(answer, what, { protocol: true });
            counts.refused++;
            if (hook.name !== 'X3 nudge') expect(await hook.stored()).toBe(before);
            else expect(await hook.stored()).toBeLessThanOrEqual(before); // the relay may drain earlier jobs
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
      const live = await fetch(`${world.api.url}/health/live`, { signal: AbortSignal.timeout(10_000) });
      expect(live.status).toBe(200);
    },
  );

  it('saw both outcomes: the fuzzing reaches past the signature check, not only refusals', () => {
    expect(counts.refused).toBeGreaterThan(100);
    expect(counts.accepted).toBeGreaterThan(0);
  });
});
