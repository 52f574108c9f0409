/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
// Our process's wall clock minutes off X3's (an on-premise host whose NTP drifted): X3 checks the
// connected application's JWT on its own clock, so the connector signs on X3's clock as its Date
// header gives it. Found by the clock-skew fault scenario: both skewed workers stalled on
// "Error 21: Invalid token" (iat in the future) and "Error 50" (expired on arrival).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { SandboxFixture, startFixture } from '../testing/sandbox-fixture';

const ROOT = resolve(__dirname, '../../../../..');
const PRELOAD = resolve(ROOT, 'apps/worker/test/faults/skewed-clock.js');
const CHILD = 'libs/connectors/sage-x3/src/testing/read-one-customer.ts';

describe('X3 connected-application JWT with our clock off X3’s', () => {
  let fx: SandboxFixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx?.close());

  /** Reads AE003 from a child process whose clock runs `skewMs` off this one (and the sandbox's). */
  const readSkewed = async (skewMs: number) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--require', PRELOAD, '--conditions=lb-source', '-r', '@swc-node/register', CHILD],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          LB_CLOCK_SKEW_MS: String(skewMs),
          X3_SETTINGS: JSON.stringify(fx.settings),
          X3_CUSTOMER: 'AE003',
        },
        timeout: 90_000,
      },
    );
    return JSON.parse(stdout) as { ok: boolean; id?: string; error?: string };
  };

  it.each([
    ['two minutes ahead (iat in X3’s future)', 120_000],
    ['two minutes behind (exp already past for X3)', -120_000],
  ])('reads when our clock is %s', async (_what, skewMs) => {
    expect(await readSkewed(skewMs)).toEqual({ ok: true, id: 'AE003' });
  });

  it('still refuses a token that is bad for another reason (the retry is for clock skew only)', async () => {
    const wrongSecret = { ...fx.settings, auth: { ...fx.settings.auth, secret: 'not-the-secret' } };
    const { settings } = fx;
    fx.settings = wrongSecret;
    try {
      expect(await readSkewed(120_000)).toEqual({ ok: false, error: expect.stringContaining('Invalid token') });
    } finally {
      fx.settings = settings;
    }
  });
});
