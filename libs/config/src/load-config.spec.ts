import { loadConfig, loadConfigOf, ConfigError } from './load-config';

const KEY = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';
const valid = {
  DATABASE_URL: 'postgres://app:pw@127.0.0.1:5432/lb',
  REDIS_URL: 'redis://127.0.0.1:6379',
  SECRETS_KEYS: `k1:${KEY}`,
  SECRETS_ACTIVE_KEY_ID: 'k1',
  SESSION_SECRET: 'x'.repeat(32),
  METRICS_TOKEN: 'm'.repeat(16),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('loadConfig', () => {
  it('accepts a complete environment and applies defaults', () => {
    const config = loadConfig(valid);
    expect(config.PORT).toBe(3000);
    expect(config.APP_ENV).toBe('production');
    expect(config.DATABASE_POOL_SIZE).toBe(20);
  });

  it('names every missing variable', () => {
    const problems = problemsOf({});
    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'SECRETS_KEYS',
      'SECRETS_ACTIVE_KEY_ID',
      'SESSION_SECRET',
      'METRICS_TOKEN',
    ]) {
      expect(problems.some((p) => p.startsWith(`${name} is missing`))).toBe(true);
    }
  });

  it('rejects a malformed database URL by name', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: 'mysql://x' })).toEqual([
      'DATABASE_URL: DATABASE_URL must be a postgres:// URL',
    ]);
  });

  it('rejects an active key id that is not in the key ring', () => {
    expect(problemsOf({ ...valid, SECRETS_ACTIVE_KEY_ID: 'k9' })).toEqual([
      'SECRETS_ACTIVE_KEY_ID: "k9" is not a key id of SECRETS_KEYS',
    ]);
  });

  it('refuses private outbound targets in production', () => {
    expect(problemsOf({ ...valid, ALLOW_PRIVATE_TARGETS: 'true' })).toEqual([
      'ALLOW_PRIVATE_TARGETS: ALLOW_PRIVATE_TARGETS must be false in production',
    ]);
    expect(loadConfig({ ...valid, APP_ENV: 'development', ALLOW_PRIVATE_TARGETS: 'true' }).ALLOW_PRIVATE_TARGETS).toBe(
      'true',
    );
  });
});

describe('loadConfigOf', () => {
  it('validates only the named variables', () => {
    const { DATABASE_URL, SECRETS_KEYS, SECRETS_ACTIVE_KEY_ID } = valid;
    const picked = loadConfigOf(['DATABASE_URL', 'SECRETS_KEYS', 'SECRETS_ACTIVE_KEY_ID'], {
      DATABASE_URL,
      SECRETS_KEYS,
      SECRETS_ACTIVE_KEY_ID,
    });
    expect(picked).toEqual({ DATABASE_URL, SECRETS_KEYS, SECRETS_ACTIVE_KEY_ID });
  });

  it('names a missing or bad one among them, and no other', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfigOf(['DATABASE_URL', 'SECRETS_KEYS', 'SECRETS_ACTIVE_KEY_ID'], env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ SECRETS_KEYS: valid.SECRETS_KEYS, SECRETS_ACTIVE_KEY_ID: 'k9' })).toEqual([
      'DATABASE_URL is missing (DATABASE_URL must be a postgres:// URL)',
      'SECRETS_ACTIVE_KEY_ID: "k9" is not a key id of SECRETS_KEYS',
    ]);
  });

  it('takes a Xero batch size of 1..50, 50 by default', () => {
    expect(loadConfig(valid).XERO_BATCH_SIZE).toBe(50);
    expect(loadConfig({ ...valid, XERO_BATCH_SIZE: '1' }).XERO_BATCH_SIZE).toBe(1);
    expect(problemsOf({ ...valid, XERO_BATCH_SIZE: '51' }).join()).toContain('XERO_BATCH_SIZE');
    expect(problemsOf({ ...valid, XERO_BATCH_SIZE: '0' }).join()).toContain('XERO_BATCH_SIZE');
  });
});
