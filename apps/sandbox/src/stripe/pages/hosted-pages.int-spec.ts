// The hosted checkout and portal pages over plain HTTP forms: Pay, declines shown on the page,
// the success redirect, portal actions, escaping and unknown or foreign session ids.
import Stripe from 'stripe';
import {
  StripeSandbox,
  TestAccount,
  createAccount,
  raw,
  startStripeSandbox,
  stripeClient,
} from '../testing/stripe-harness';

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe('Stripe sandbox hosted pages (HTTP)', () => {
  let sb: StripeSandbox;
  let account: TestAccount;
  let stripe: Stripe;
  let price: Stripe.Price;

  beforeAll(async () => {
    sb = await startStripeSandbox();
    account = await createAccount(sb);
    stripe = stripeClient(sb, account.secretKey);
    [price] = (await stripe.prices.list({ lookup_keys: ['growth_monthly'] })).data;
  });
  afterAll(() => sb?.close());

  async function session(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}): Promise<Stripe.Checkout.Session> {
    return stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.example.test/done?id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://app.example.test/back',
      tax_id_collection: { enabled: true },
      ...extra,
    });
  }

  it('shows the plan, declines 4000000000000002 on the page, and redirects after Pay', async () => {
    const cs = await session({ customer_email: '"><script>x</script>@example.test' });
    const path = new URL(cs.url!).pathname;
    const shown = await raw(sb, 'GET', path);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('Ledgerbridge Growth (monthly)');
    expect(shown.body).toContain('USD 149.00 / month');
    expect(shown.body).toContain('<label for="tax_id">VAT or GST number (optional)</label>');
    expect(shown.body).not.toContain('<script>x</script>');
    const declined = await raw(sb, 'POST', path, {
      form: form({ email: 'p@example.test', card_number: '4000000000000002', country: 'GB' }),
    });
    expect(declined.status).toBe(402);
    expect(declined.body).toMatch(/role="alert">Your card was declined\./);
    const paid = await raw(sb, 'POST', path, {
      form: form({
        email: 'p@example.test',
        name: 'Pat',
        card_number: '4242 4242 4242 4242',
        country: 'NZ',
        tax_id: '123-456-789',
      }),
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`https://app.example.test/done?id=${cs.id}`);
    const done = await stripe.checkout.sessions.retrieve(cs.id, { expand: ['customer'] });
    expect(done.status).toBe('complete');
    expect((done.customer as Stripe.Customer).email).toBe('p@example.test');
    expect(done.customer_details?.tax_ids).toEqual([{ type: 'nz_gst', value: '123-456-789' }]);
    expect((await raw(sb, 'GET', path)).body).toContain('This checkout is complete');
  });

  it('answers 404 for unknown, malformed and non-session ids', async () => {
    for (const id of ['cs_test_nope', '../../v1/customers', 'cus_123', `${'a'.repeat(3000)}`]) {
      expect((await raw(sb, 'GET', `/stripe/checkout/${encodeURIComponent(id)}`)).status).toBe(404);
      expect((await raw(sb, 'GET', `/stripe/portal/${encodeURIComponent(id)}`)).status).toBe(404);
    }
    const cs = await session();
    expect((await raw(sb, 'GET', `/stripe/portal/${cs.id}`)).status).toBe(404);
  });

  it('lets the portal change plan, update the card, cancel and renew, and links back', async () => {
    const cs = await session();
    await raw(sb, 'POST', new URL(cs.url!).pathname, {
      form: form({ email: 'q@example.test', card_number: '4242424242424242', country: 'GB' }),
    });
    const done = await stripe.checkout.sessions.retrieve(cs.id);
    const portal = await stripe.billingPortal.sessions.create({
      customer: done.customer as string,
      return_url: 'https://app.example.test/billing',
    });
    expect(portal.url).toBe(`${sb.url}/stripe/portal/${portal.id}`);
    const path = new URL(portal.url).pathname;
    const shown = await raw(sb, 'GET', path);
    expect(shown.body).toContain('Ledgerbridge Growth (monthly)');
    expect(shown.body).toContain('visa ending 4242');
    expect(shown.body).toContain('href="https://app.example.test/billing">Return</a>');
    const [scale] = (await stripe.prices.list({ lookup_keys: ['scale_monthly'] })).data;
    const changed = await raw(sb, 'POST', `${path}/plan`, { form: form({ price: scale.id }) });
    expect(changed.status).toBe(303);
    const sub = await stripe.subscriptions.retrieve(done.subscription as string);
    expect(sub.items.data[0].price.id).toBe(scale.id);
    const bad = await raw(sb, 'POST', `${path}/card`, { form: form({ card_number: '4000000000000002' }) });
    expect(bad.status).toBe(402);
    expect(bad.body).toMatch(/role="alert">Your card was declined\./);
    await raw(sb, 'POST', `${path}/card`, { form: form({ card_number: '5555555555554444' }) });
    expect((await raw(sb, 'GET', path)).body).toContain('mastercard ending 4444');
    await raw(sb, 'POST', `${path}/cancel`, { form: '' });
    expect((await stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(true);
    await raw(sb, 'POST', `${path}/renew`, { form: '' });
    expect((await stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(false);
    expect((await raw(sb, 'POST', `${path}/__proto__`, { form: '' })).status).toBe(404);
    const otherAccount = stripeClient(sb, (await createAccount(sb)).secretKey);
    const [foreignPrice] = (await otherAccount.prices.list({ lookup_keys: ['starter_monthly'] })).data;
    expect((await raw(sb, 'POST', `${path}/plan`, { form: form({ price: foreignPrice.id }) })).status).toBe(404);
  });
});
