// Attacks on the Stripe webhook (issue 15): forged, missing and replayed-stale signatures, a
// signature over other bytes, bodies past the 256 kB cap or nested past 12 levels (answered before
// the body is read or parsed), and events of a customer no tenant holds. Nothing is stored but a
// correctly signed event.
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { ownerDataSource } from '#lb/testing';
import { RunningApi, startApi } from '../api-harness';

const SECRET = 'whsec_attack_suite';
const signer = new Stripe('sk_test_signing_only');
const sign = (payload: string, secret = SECRET, timestamp?: number) =>
  signer.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
const event = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    object: 'event',
    type: 'invoice.paid',
    data: { object: { object: 'invoice', customer: 'cus_nobody' } },
    ...extra,
  });

describe('attack: the Stripe webhook', () => {
  let api: RunningApi;
  let owner: DataSource;
  const post = (body: string, signature?: string) =>
    fetch(`${api.url}/api/billing/stripe/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature === undefined ? {} : { 'stripe-signature': signature }),
      },
      body,
    });
  const stored = async (id: string) => owner.query('SELECT 1 FROM stripe_events WHERE id = $1', [id]);

  beforeAll(async () => {
    api = await startApi({ STRIPE_WEBHOOK_SECRET: SECRET });
    owner = await ownerDataSource();
  });
  afterAll(async () => {
    await owner?.destroy();
    await api?.close();
  });

  it('refuses forged, missing, stale and borrowed signatures and stores nothing', async () => {
    const body = event('evt_attack_1');
    expect((await post(body)).status).toBe(401);
    expect((await post(body, 'garbage')).status).toBe(401);
    expect((await post(body, sign(body, 'whsec_guess'))).status).toBe(401);
    expect((await post(body, sign(body, SECRET, Math.floor(Date.now() / 1000) - 600))).status).toBe(401);
    expect((await post(event('evt_attack_1', { type: 'customer.deleted' }), sign(body))).status).toBe(401);
    expect(await stored('evt_attack_1')).toEqual([]);
    const answer = await post(body, 'garbage');
    expect(answer.headers.get('set-cookie')).toBeNull();
  });

  it('answers oversized and over-nested bodies before reading or parsing them, signed or not', async () => {
    const huge = event('evt_attack_huge', { pad: 'x'.repeat(300 * 1024) });
    expect((await post(huge, sign(huge))).status).toBe(413);
    const deep = `{"id":"evt_attack_deep","a":${'['.repeat(20)}${']'.repeat(20)}}`;
    const deepAnswer = await post(deep, sign(deep));
    expect(deepAnswer.status).toBe(400);
    expect((await deepAnswer.json()).message).toMatch(/nests deeper than 12 levels/);
    expect(await stored('evt_attack_huge')).toEqual([]);
  });

  it('refuses a signed body that is not a Stripe event (400), and keeps a signed event of an unknown customer unrouted', async () => {
    for (const junk of [
      '[]',
      '{"id":"nope","object":"event","type":"x"}',
      `{"id":"evt_${'a'.repeat(200)}","type":"x"}`,
    ]) {
      expect((await post(junk, sign(junk))).status).toBe(400);
    }
    const orphan = event('evt_attack_orphan');
    expect((await post(orphan, sign(orphan))).status).toBe(200);
    expect(
      await owner.query('SELECT routed_tenant_id, processed_at FROM stripe_events WHERE id = $1', [
        'evt_attack_orphan',
      ]),
    ).toEqual([{ routed_tenant_id: null, processed_at: null }]);
    expect(await owner.query(`SELECT 1 FROM job_outbox WHERE payload->>'stripeEventId' = 'evt_attack_orphan'`)).toEqual(
      [],
    );
  });
});
