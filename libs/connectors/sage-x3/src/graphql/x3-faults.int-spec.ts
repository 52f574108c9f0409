/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import { SandboxFixture, startFixture } from '../testing/sandbox-fixture';
import { createX3Transport } from '../x3-transport.factory';
import { X3ConfigurationError, X3ServerFaultError, X3TransientError, X3UnknownOutcomeError } from '../errors/x3-errors';
import { X3Transport } from '../x3-transport';

describe('X3 faults surface as the right error class', () => {
  let fx: SandboxFixture;
  let x3: X3Transport;
  const fault = (mode: string, extra: Record<string, unknown> = {}) =>
    fx.control('POST', '/faults', { mode, ...extra });
  const newCustomer = (code: string) => ({ code, companyName: `Fault ${code}`, currency: 'EUR' });

  beforeAll(async () => {
    // a 5 s deadline: at 1.5 s a loaded machine's ordinary reads (and the 600 ms slowed ones) met it
    fx = await startFixture({ requestTimeoutMs: 5_000, readAttempts: 3, retryBaseDelayMs: 50 });
    x3 = createX3Transport(fx.settings);
  });
  afterAll(async () => {
    x3?.close();
    await fx?.close();
  });
  afterEach(() => fx.control('DELETE', '/faults'));

  it('500 on a read: retried with backoff, and a read that keeps failing is permanent after N attempts', async () => {
    await fault('http-500', { count: 2 });
    expect((await x3.get('customer', 'AE003'))._id).toBe('AE003'); // third attempt answers

    await fault('http-500', { count: 5 });
    const error = await x3.get('customer', 'AE003').catch((e) => e);
    expect(error).toBeInstanceOf(X3ServerFaultError);
    expect(error).not.toBeInstanceOf(X3TransientError);
    expect(error).toMatchObject({ kind: 'server-fault', attempts: 3 });
    expect(error.message).toMatch(/failed 3 times/);
    // Exactly three attempts were spent: two faults are left, so a two-attempt reader fails on
    // them and the next read answers at once.
    const twice = createX3Transport({ ...fx.settings, readAttempts: 2, retryBaseDelayMs: 50 });
    await expect(twice.get('customer', 'AE003')).rejects.toMatchObject({ kind: 'server-fault', attempts: 2 });
    twice.close();
    expect((await x3.get('customer', 'AE003'))._id).toBe('AE003');
  });

  it('500 on a write: unknown outcome, never retried', async () => {
    await fault('http-500', { count: 1 });
    await expect(x3.create('customer', newCustomer('F500'))).rejects.toThrow(X3UnknownOutcomeError);
    await expect(x3.get('customer', 'F500')).rejects.toThrow(/does not exist/); // the one fault was the write's
  });

  it('GraphQL "Unexpected error." (Yoga masking): bounded retries on a read, unknown outcome on a write', async () => {
    await fault('graphql-unexpected', { count: 1 });
    expect((await x3.get('customer', 'AE003'))._id).toBe('AE003');
    await fault('graphql-unexpected', { count: 3 });
    await expect(x3.get('customer', 'AE003')).rejects.toThrow(X3ServerFaultError);
    await fault('graphql-unexpected', { count: 1 });
    await expect(x3.create('customer', newCustomer('FUNEX'))).rejects.toThrow(X3UnknownOutcomeError);
  });

  it('503: transient with Retry-After', async () => {
    await fault('http-503');
    const error = await x3.get('customer', 'AE003').catch((e) => e);
    expect(error).toBeInstanceOf(X3TransientError);
    expect(error.retryAfterMs).toBe(1000);
  });

  it('pool exhausted: transient even for a write (it never ran)', async () => {
    await fault('pool-exhausted');
    const error = await x3.create('customer', newCustomer('FPOOL')).catch((e) => e);
    expect(error).toBeInstanceOf(X3TransientError);
    expect(error.message).toMatch(/pool exhausted/i);
    await expect(x3.get('customer', 'FPOOL')).rejects.toThrow(/does not exist/);
  });

  it('slow answers within the deadline succeed; beyond it they time out', async () => {
    await fault('slow', { delayMs: 300 });
    expect((await x3.get('customer', 'AE003'))._id).toBe('AE003');
    // The answer comes after 30 s; giving up long before shows the 5 s deadline fired (the bound
    // is loose so a loaded host's scheduling cannot fail it)
    await fault('slow', { delayMs: 30_000 });
    const started = Date.now();
    await expect(x3.get('customer', 'AE003')).rejects.toThrow(X3TransientError);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a hung server: transient on a read, unknown outcome on a write, both within the deadline', async () => {
    await fault('hang', { count: 2, delayMs: 60_000 });
    await expect(x3.get('customer', 'AE003')).rejects.toThrow(/did not answer within 5000 ms/);
    await expect(x3.create('customer', newCustomer('FHANG'))).rejects.toThrow(X3UnknownOutcomeError);
  });

  it('an unknown endpoint or unreachable server is reported, not retried forever', async () => {
    const wrong = createX3Transport({ ...fx.settings, endpoint: 'NOSUCHFOLDER' });
    await expect(wrong.get('customer', 'AE003')).rejects.toThrow(X3ConfigurationError);
    wrong.close();
    const down = createX3Transport({ ...fx.settings, baseUrl: 'http://127.0.0.1:9' });
    await expect(down.get('customer', 'AE003')).rejects.toThrow(X3TransientError);
    await expect(down.create('customer', newCustomer('FDOWN'))).rejects.toThrow(X3TransientError); // never sent
    down.close();
  });

  it('never has more calls in flight than the concurrency cap', async () => {
    await fault('slow', { count: 2, delayMs: 600 });
    const one = createX3Transport({ ...fx.settings, maxConcurrency: 1 });
    const started = Date.now();
    await Promise.all([one.get('currency', 'EUR'), one.get('currency', 'USD')]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1150);
    one.close();
  });

  it('test connection reports the exact error', async () => {
    const bad = createX3Transport({ ...fx.settings, auth: { kind: 'basic', user: 'nobody', password: 'x' } });
    expect(await bad.testConnection()).toEqual({
      ok: false,
      endpoint: fx.folder.folder,
      error: { class: 'X3AuthError', kind: 'auth', message: 'Error 10: Invalid user or password' },
    });
    bad.close();
  });
});
