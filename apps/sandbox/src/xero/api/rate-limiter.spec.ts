import { SandboxClock } from '../core/sandbox-clock';
import { loadXeroSettings } from '../xero-settings';
import { RateLimiter } from './rate-limiter';

function limiter(overrides = {}, scale = 1) {
  const clock = new SandboxClock(scale);
  const settings = loadXeroSettings({ xero: overrides } as never, {});
  return { clock, limiter: new RateLimiter(clock, settings) };
}

describe('RateLimiter', () => {
  it('counts down the minute window and refuses with the minute problem', () => {
    const { clock, limiter: l } = limiter();
    for (let i = 0; i < 60; i++) l.admit('app', 'org').release();
    const refused = l.admit('app', 'org');
    expect(refused).toEqual(expect.objectContaining({ ok: false, problem: 'minute' }));
    expect(refused.headers['X-MinLimit-Remaining']).toBe('0');
    clock.advance(61);
    expect(l.admit('app', 'org').ok).toBe(true);
  });

  it('keeps organisations apart and limits calls in flight', () => {
    const { limiter: l } = limiter();
    const held = Array.from({ length: 5 }, () => l.admit('app', 'org'));
    expect(l.admit('app', 'org').problem).toBe('concurrent');
    expect(l.admit('app', 'other-org').ok).toBe(true);
    held[0].release();
    expect(l.admit('app', 'org').ok).toBe(true);
  });

  it('applies the day limit from settings', () => {
    const { limiter: l } = limiter({ dayLimit: 2 });
    l.admit('app', 'org').release();
    l.admit('app', 'org').release();
    expect(l.admit('app', 'org').problem).toBe('day');
  });

  it('forces 429s for a while', () => {
    const { clock, limiter: l } = limiter();
    l.force(undefined, 'org', 'day', 100);
    expect(l.admit('app', 'org')).toEqual(
      expect.objectContaining({ ok: false, problem: 'day', retryAfterSeconds: 100 }),
    );
    clock.advance(101);
    expect(l.admit('app', 'org').ok).toBe(true);
  });

  it('says Retry-After in Xero seconds on a scaled clock, as expires_in (the client scales both)', () => {
    const { limiter: l } = limiter({}, 60);
    l.force(undefined, 'org', 'day', 3600);
    expect(l.admit('app', 'org')).toEqual(
      expect.objectContaining({ ok: false, problem: 'day', retryAfterSeconds: 3600 }),
    );
  });
});
