import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
/** Only a backstop against an api that never exits: compiling it on a loaded machine takes a while. */
const EXIT_BACKSTOP_MS = 120_000;

/** Starts apps/api/src/main.ts as its own process and returns how it ended. */
function runApi(env: Record<string, string | undefined>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--conditions=lb-source', '-r', '@swc-node/register', 'apps/api/src/main.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json', PORT: '0', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`api kept running with a broken environment:\n${stderr}`));
    }, EXIT_BACKSTOP_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

describe('api start-up with a broken environment', () => {
  it('exits non-zero naming a malformed DATABASE_URL', async () => {
    const { code, stderr } = await runApi({ DATABASE_URL: 'mysql://nope' });
    expect(code).not.toBe(0);
    expect(stderr).toContain('DATABASE_URL: DATABASE_URL must be a postgres:// URL');
  });

  it('exits non-zero naming a DATABASE_URL that cannot be reached, without leaking its password', async () => {
    const { code, stderr } = await runApi({ DATABASE_URL: 'postgres://lb_app:pw-s3cret@127.0.0.1:1/ledgerbridge' });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/DATABASE_URL: cannot use PostgreSQL at 127\.0\.0\.1:1\/ledgerbridge/);
    expect(stderr).not.toContain('pw-s3cret');
  });

  it('exits non-zero naming a missing encryption key', async () => {
    const { code, stderr } = await runApi({ SECRETS_KEYS: undefined, SECRETS_ACTIVE_KEY_ID: undefined });
    expect(code).not.toBe(0);
    expect(stderr).toContain('SECRETS_KEYS is missing');
    expect(stderr).toContain('SECRETS_ACTIVE_KEY_ID is missing');
  });
});
