import { classifyFailure, validationMessages } from './classify';

const x = (status: number, more: Partial<Parameters<typeof classifyFailure>[0]> = {}) =>
  classifyFailure({ status, body: null, headers: {}, deadlineHit: false, isWrite: false, ...more });

describe('classifyFailure', () => {
  it('reads minute and day 429s with their Retry-After', () => {
    const e = x(429, { headers: { 'x-rate-limit-problem': 'Day', 'retry-after': '120' } });
    expect(e.kind).toBe('rate-limited');
    expect(e.problem).toBe('day');
    expect(e.retryAt!.getTime() - Date.now()).toBeGreaterThan(119_000);
    expect(x(429, { headers: { 'x-rate-limit-problem': 'minute' } }).problem).toBe('minute');
  });

  it('keeps Xero validation messages per element', () => {
    const body = {
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
      Elements: [
        { ValidationErrors: [{ Message: 'Invoice # must be unique.' }] },
        { ValidationErrors: [{ Message: 'Contact missing' }] },
      ],
    };
    const e = x(400, { body });
    expect(e.kind).toBe('validation');
    expect(e.messages).toEqual(['Invoice # must be unique.', 'Contact missing']);
    expect(validationMessages({ Message: 'Only top' })).toEqual(['Only top']);
  });

  it('treats a write without an answer as an unknown outcome, a read as transient', () => {
    expect(x(0, { isWrite: true, deadlineHit: true }).kind).toBe('unknown-outcome');
    expect(x(0, { isWrite: true, cause: 'socket hang up' }).kind).toBe('unknown-outcome');
    expect(x(0, { isWrite: true, cause: 'connect ECONNREFUSED 127.0.0.1:1' }).kind).toBe('transient');
    expect(x(0, { isWrite: false, deadlineHit: true }).kind).toBe('transient');
  });

  it('reads a 409 for a write still in progress under its Idempotency-Key as an unknown outcome, not a refusal', () => {
    const body = {
      Title: 'Conflict',
      Status: 409,
      Detail: 'A request with this Idempotency-Key is still being processed',
    };
    const e = x(409, { isWrite: true, body });
    expect(e.kind).toBe('unknown-outcome');
    expect(e.message).toMatch(/still being processed/);
  });

  it('classifies auth, not found, server errors', () => {
    expect(x(401).kind).toBe('auth');
    expect(x(403, { headers: { 'www-authenticate': 'Bearer error="insufficient_scope"' } }).authReason).toBe(
      'insufficient_scope',
    );
    expect(x(404).kind).toBe('not-found');
    expect(x(503).kind).toBe('transient');
    expect(x(504, { isWrite: true }).kind).toBe('unknown-outcome');
    expect(x(501).kind).toBe('permanent');
  });
});
