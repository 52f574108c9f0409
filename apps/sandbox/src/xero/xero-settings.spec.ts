import { loadXeroSettings } from './xero-settings';

describe('loadXeroSettings', () => {
  const base = { port: 0, host: '127.0.0.1', publicUrl: 'http://x', databaseUrl: 'postgres://x', clockScale: 1 };

  it("defaults to Xero's documented limits", () => {
    const s = loadXeroSettings(base, {});
    expect([s.minuteLimit, s.concurrentLimit, s.dayLimit, s.appMinuteLimit]).toEqual([60, 5, 5000, 10000]);
    expect(s.apps).toEqual([]);
  });

  it('reads the Starter tier, a numeric day limit and pre-registered apps from the environment', () => {
    expect(loadXeroSettings(base, { SANDBOX_XERO_DAY_LIMIT: 'starter' }).dayLimit).toBe(1000);
    expect(loadXeroSettings(base, { SANDBOX_XERO_DAY_LIMIT: '250' }).dayLimit).toBe(250);
    expect(loadXeroSettings(base, { SANDBOX_XERO_MINUTE_LIMIT: '3' }).minuteLimit).toBe(3);
    expect(loadXeroSettings(base, { SANDBOX_XERO_MINUTE_LIMIT: 'nope' }).minuteLimit).toBe(60);
    const apps = [{ clientId: 'A', clientSecret: 'B', redirectUris: ['http://localhost/cb'] }];
    expect(loadXeroSettings(base, { SANDBOX_XERO_APPS: JSON.stringify(apps) }).apps).toEqual(apps);
    expect(() => loadXeroSettings(base, { SANDBOX_XERO_APPS: '{nope' })).toThrow(/SANDBOX_XERO_APPS/);
  });

  it('lets the embedding config override settings', () => {
    expect(loadXeroSettings({ ...base, xero: { minuteLimit: 5 } }, {}).minuteLimit).toBe(5);
  });
});
