// What the dev launcher leaves in its data directory (.data/, or LB_DATA_DIR) for commands run
// beside it. The embedded PostgreSQL and Redis listen on ports chosen at each start, so a command
// in another shell (the staff commands) could not find them: while `npm start` runs,
// dev-stack.json holds its pid and the settings such a command needs; it is removed at a clean
// stop, and ignored once that pid is gone (after a kill -9). Both files are mode 0600 and
// git-ignored; they hold development credentials only.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const STATE_FILE = 'dev-stack.json';
const SECRETS_FILE = 'dev-secrets.json';

/** The variables a command beside the launcher is handed: runtime role and key ring, no owner URL. */
export const HANDED_OVER = ['DATABASE_URL', 'REDIS_URL', 'SECRETS_KEYS', 'SECRETS_ACTIVE_KEY_ID'] as const;

export function dataDirOf(root: string, env: NodeJS.ProcessEnv): string {
  return resolve(env.LB_DATA_DIR ?? join(root, '.data'));
}

function writePrivate(file: string, value: unknown): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value, null, 2), { mode: 0o600 });
  renameSync(temporary, file); // a reader never sees half a file
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Fresh development secrets: key ring, session and metrics secrets, our Xero app. */
export function generateDevSecrets(): Record<string, string> {
  return {
    SECRETS_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
    SECRETS_ACTIVE_KEY_ID: 'dev1',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    METRICS_TOKEN: randomBytes(24).toString('hex'),
    // Our Xero app as registered with the local sandbox (the sandbox plays Xero in development).
    XERO_CLIENT_ID: `ledgerbridge-dev-${randomBytes(4).toString('hex')}`,
    XERO_CLIENT_SECRET: randomBytes(24).toString('base64url'),
    XERO_WEBHOOK_KEY: randomBytes(32).toString('base64'),
    // Our Stripe account in the local sandbox (the sandbox plays Stripe in development).
    STRIPE_SECRET_KEY: `sk_test_${randomBytes(24).toString('base64url')}`,
    STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64url')}`,
  };
}

/** Development secrets, generated once per checkout. */
export function devSecrets(dataDir: string): Record<string, string> {
  const file = join(dataDir, SECRETS_FILE);
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const generated = generateDevSecrets();
  // Secrets added since the file was written are generated once and kept; existing ones never change.
  const secrets = { ...generated, ...kept };
  if (Object.keys(generated).some((k) => !(k in kept))) {
    mkdirSync(dataDir, { recursive: true });
    writePrivate(file, secrets);
  }
  return secrets;
}

/** The checkout's key ring, when `npm start` has made one (read only: never creates it). */
export function existingDevKeyRing(dataDir: string): Record<string, string> {
  const secrets = readJson<Record<string, string>>(join(dataDir, SECRETS_FILE));
  if (!secrets?.SECRETS_KEYS || !secrets.SECRETS_ACTIVE_KEY_ID) return {};
  return { SECRETS_KEYS: secrets.SECRETS_KEYS, SECRETS_ACTIVE_KEY_ID: secrets.SECRETS_ACTIVE_KEY_ID };
}

interface DevState {
  pid: number;
  env: Record<string, string>;
}

export function writeDevState(dataDir: string, env: NodeJS.ProcessEnv): void {
  const handed = Object.fromEntries(HANDED_OVER.map((name) => [name, env[name] ?? '']));
  writePrivate(join(dataDir, STATE_FILE), { pid: process.pid, env: handed } satisfies DevState);
}

/** Removes the state file if this process wrote it (another launcher may have replaced it). */
export function clearDevState(dataDir: string): void {
  const file = join(dataDir, STATE_FILE);
  if (readJson<DevState>(file)?.pid === process.pid) rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** The running launcher's settings, or undefined when none runs for this data directory. */
export function readDevState(dataDir: string): Record<string, string> | undefined {
  const state = readJson<DevState>(join(dataDir, STATE_FILE));
  if (!state || !Number.isInteger(state.pid) || !alive(state.pid)) return undefined;
  return state.env;
}
