import { observeServerDate, serverClockOffsetMs, serverNowSeconds } from './server-clock';

describe('X3 server clock from its Date header', () => {
  const at = Date.parse('2026-12-02T12:00:00.000Z');
  const dateAt = (ms: number) => new Date(ms).toUTCString();

  it('learns an offset of minutes, and signs on it', () => {
    const url = 'https://x3.example/ahead';
    expect(observeServerDate(url, dateAt(at + 120_000), at)).toBe(true);
    expect(serverClockOffsetMs(url)).toBe(120_000);
    expect(serverNowSeconds(url) - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(119);
    // the same offset seen again is no news
    expect(observeServerDate(url, dateAt(at + 120_400), at)).toBe(false);
  });

  it('takes the Date header’s second and the trip for noise, not skew', () => {
    const url = 'https://x3.example/in-step';
    expect(observeServerDate(url, dateAt(at - 900), at)).toBe(false);
    expect(serverClockOffsetMs(url)).toBe(0);
  });

  it('ignores a missing or unreadable Date, and forgets an offset once the clocks agree again', () => {
    const url = 'https://x3.example/back';
    expect(observeServerDate(url, undefined, at)).toBe(false);
    expect(observeServerDate(url, 'yesterday-ish', at)).toBe(false);
    expect(observeServerDate(url, dateAt(at - 300_000), at)).toBe(true);
    expect(serverClockOffsetMs(url)).toBe(-300_000);
    expect(observeServerDate(url, dateAt(at), at)).toBe(true);
    expect(serverClockOffsetMs(url)).toBe(0);
  });
});
