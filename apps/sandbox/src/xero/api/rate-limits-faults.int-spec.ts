/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
import { ApiFixture, apiFixture, control, http } from '../testing/sandbox-harness';

describe('Xero sandbox: rate limits', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture('limits');
  });
  afterAll(async () => f?.sb.close());

  it('sends the limit headers on every response and refuses the 61st call in a minute', async () => {
    await control(f.sb, f.org, 'POST', '/clock/advance', { seconds: 120 });
    const first = await f.call('GET', '/Currencies');
    expect(first.headers.get('x-minlimit-remaining')).toBe('59');
    expect(Number(first.headers.get('x-daylimit-remaining'))).toBeLessThan(5000);
    expect(first.headers.get('x-appminlimit-remaining')).toMatch(/^\d+$/);
    for (let i = 0; i < 59; i++) await f.call('GET', '/Currencies');
    const refused = await f.call('GET', '/Currencies');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-rate-limit-problem')).toBe('minute');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('x-minlimit-remaining')).toBe('0');
    await control(f.sb, f.org, 'POST', '/clock/advance', { seconds: 61 });
    expect((await f.call('GET', '/Currencies')).status).toBe(200);
  });

  it('allows 5 calls in flight per organisation and refuses the sixth', async () => {
    await control(f.sb, f.org, 'POST', '/clock/advance', { seconds: 61 });
    // the five stay in flight far longer than a loaded machine takes to send the sixth
    await control(f.sb, f.org, 'POST', '/faults', { kind: 'slow', count: 5, delayMs: 10_000 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => f.call('GET', '/Currencies')).concat([
        new Promise((r) => setTimeout(r, 300)).then(() => f.call('GET', '/Currencies')),
      ]),
    );
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(1);
    expect(refused[0].headers.get('x-rate-limit-problem')).toBe('concurrent');
  });

  it('forces minute and day 429s through the control API', async () => {
    await control(f.sb, f.org, 'POST', '/clock/advance', { seconds: 61 });
    await control(f.sb, f.org, 'POST', '/rate-limit', { problem: 'day', seconds: 600 });
    const day = await f.call('GET', '/Currencies');
    expect(day.status).toBe(429);
    expect(day.headers.get('x-rate-limit-problem')).toBe('day');
    expect(Number(day.headers.get('retry-after'))).toBeGreaterThanOrEqual(540); // the 600 s, less the time the call took
    // Short of the access token's 30 minutes.
    await control(f.sb, f.org, 'POST', '/clock/advance', { seconds: 601 });
    await control(f.sb, f.org, 'POST', '/rate-limit', { problem: 'minute', seconds: 30 });
    expect((await f.call('GET', '/Currencies')).headers.get('x-rate-limit-problem')).toBe('minute');
    await control(f.sb, f.org, 'POST', '/clock/advance', { seconds: 31 });
    expect((await f.call('GET', '/Currencies')).status).toBe(200);
  });
});

describe('Xero sandbox: day and app-wide limits are settings', () => {
  it('applies the day limit (Starter tier: set SANDBOX_XERO_DAY_LIMIT)', async () => {
    const f = await apiFixture('daylimit', { xero: { dayLimit: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await f.call('GET', '/Currencies')).status).toBe(200);
      const refused = await f.call('GET', '/Currencies');
      expect(refused.headers.get('x-rate-limit-problem')).toBe('day');
      expect(refused.headers.get('x-daylimit-remaining')).toBe('0');
    } finally {
      await f.sb.close();
    }
  });

  it('applies the app-wide minute limit', async () => {
    const f = await apiFixture('applimit', { xero: { appMinuteLimit: 2 } });
    try {
      await f.call('GET', '/Currencies');
      await f.call('GET', '/Currencies');
      const refused = await f.call('GET', '/Currencies');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('x-rate-limit-problem')).toBe('appminute');
    } finally {
      await f.sb.close();
    }
  });
});

describe('Xero sandbox: injected faults', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture('faults', { xero: { minuteLimit: 100_000 } });
  });
  afterAll(async () => f?.sb.close());

  it('answers 500 and 503 when armed, then recovers', async () => {
    await control(f.sb, f.org, 'POST', '/faults', { kind: 'status500' });
    expect((await f.call('GET', '/Contacts')).status).toBe(500);
    await control(f.sb, f.org, 'POST', '/faults', { kind: 'status503', pathContains: '/Invoices' });
    expect((await f.call('GET', '/Contacts')).status).toBe(200);
    expect((await f.call('GET', '/Invoices')).status).toBe(503);
    expect((await f.call('GET', '/Invoices')).status).toBe(200);
  });

  it('slows a response down', async () => {
    await control(f.sb, f.org, 'POST', '/faults', { kind: 'slow', delayMs: 700 });
    const t0 = Date.now();
    expect((await f.call('GET', '/Contacts')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(650);
  });

  it('hangs (the client gives up first) and drops connections', async () => {
    await control(f.sb, f.org, 'POST', '/faults', { kind: 'hang', delayMs: 3000 });
    const hung = http(`${f.sb.url}/api.xro/2.0/Contacts`, {
      headers: { authorization: `Bearer ${f.token}`, 'xero-tenant-id': f.org.tenantId, accept: 'application/json' },
      signal: AbortSignal.timeout(500),
    });
    await expect(hung).rejects.toThrow();
    await control(f.sb, f.org, 'POST', '/faults', { kind: 'drop' });
    await expect(f.call('GET', '/Contacts')).rejects.toThrow();
    expect((await f.call('GET', '/Contacts')).status).toBe(200);
  });

  it('drops the reply after the write (ambiguous outcome); the Idempotency-Key replays it', async () => {
    await control(f.sb, f.org, 'POST', '/faults', { kind: 'dropAfterWrite', pathContains: '/Contacts' });
    const body = { Contacts: [{ Name: 'Lost Reply Ltd' }] };
    await expect(f.call('PUT', '/Contacts', body, { 'Idempotency-Key': 'lost-1' })).rejects.toThrow();
    const found = await f.call('GET', '/Contacts?where=' + encodeURIComponent('Name=="Lost Reply Ltd"'));
    expect(found.body.Contacts).toHaveLength(1);
    const retry = await f.call('PUT', '/Contacts', body, { 'Idempotency-Key': 'lost-1' });
    expect(retry.status).toBe(200);
    expect(retry.body.Contacts[0].ContactID).toBe(found.body.Contacts[0].ContactID);
  });

  it('takes a fault armed for one method only on calls of that method', async () => {
    await control(f.sb, f.org, 'POST', '/faults', { kind: 'status500', pathContains: '/Contacts', method: 'post' });
    expect((await f.call('GET', '/Contacts')).status).toBe(200); // a read of the path passes
    const body = { Contacts: [{ Name: 'Method Fault Ltd' }] };
    expect((await f.call('POST', '/Contacts', body)).status).toBe(500);
    expect((await f.call('POST', '/Contacts', body)).status).toBe(200);
  });

  it('clears armed faults', async () => {
    await control(f.sb, f.org, 'POST', '/faults', { kind: 'status500', count: 5 });
    await control(f.sb, f.org, 'DELETE', '/faults');
    expect((await f.call('GET', '/Contacts')).status).toBe(200);
  });
});

describe('Xero sandbox: shutting down with a hung call', () => {
  it('does not wait for sockets held by the hang fault', async () => {
    const f = await apiFixture('hang-shutdown');
    await control(f.sb, f.org, 'POST', '/faults', { kind: 'hang', delayMs: 60_000 });
    const pending = f.call('GET', '/Contacts').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    await f.sb.close();
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect((await pending) as Error).toHaveProperty(
      'message',
      expect.stringMatching(/fetch failed|socket|terminated/i),
    );
  });
});
