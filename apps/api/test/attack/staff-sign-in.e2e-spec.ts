import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import * as OTPAuth from 'otpauth';
import { DataSource } from 'typeorm';
import { runtimeDataSource, ownerDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../../scripts/testing/redis-db';
import { ACCOUNT_FAILURES, ADDRESS_FAILURES } from '../../src/support/sign-in-throttle';
import { RunningApi, startApi } from '../api-harness';
import { nextCode, StaffClient, staffService, STAFF_PASSWORD, uniqueStaffEmail } from '../staff-world';

const ROOT = resolve(__dirname, '../../../..');

/** What an operator runs: `npm run staff:<command> -- <email>` (the same script, as its own process). */
const staffCli = (command: string, email: string) =>
  promisify(execFile)(process.execPath, ['scripts/run.js', 'apps/worker/src/cli/staff.ts', command, email], {
    cwd: ROOT,
    encoding: 'utf8',
  });

describe('staff sign-in: enrolment, throttling, lockout', () => {
  let api: RunningApi;
  let ds: DataSource;
  let owner: DataSource;
  let redis: Redis;
  let redisUrl: string;

  beforeAll(async () => {
    redisUrl = await isolatedRedisUrl();
    api = await startApi({ REDIS_URL: redisUrl });
    ds = await runtimeDataSource();
    owner = await ownerDataSource();
    redis = new Redis(redisUrl);
  });
  afterAll(async () => {
    redis?.disconnect();
    await owner?.destroy();
    await ds?.destroy();
    await api?.close();
  });

  /** The throttle's window passing, without waiting 15 minutes: its counter for this account goes. */
  const windowPasses = (email: string) => redis.del(`lb:staff-sign-in:account:${email.toLowerCase()}`);

  it('enrols the authenticator at the first sign-in with a QR code; it counts only after a correct code', async () => {
    const email = uniqueStaffEmail('enrol');
    await staffService(ds).create(email, 'Eve Enrol', STAFF_PASSWORD, 'test');
    const client = new StaffClient(api.url, '198.51.100.21');
    expect((await client.password(email)).status).toBe(204);
    expect((await client.session()).staff).toEqual({ email, mfaComplete: false, enrolmentRequired: true });

    const offered = await client.get('/api/staff/login/enrolment');
    expect(offered.status).toBe(200);
    expect(String(offered.body!.qrCodeDataUrl)).toMatch(/^data:image\/png;base64,/);
    expect(String(offered.body!.otpauthUri)).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    // A reload offers the same secret until it is confirmed.
    expect((await client.get('/api/staff/login/enrolment')).body!.otpauthUri).toBe(offered.body!.otpauthUri);
    const [pending] = await owner.query(`SELECT totp_ciphertext FROM staff_users WHERE email = $1`, [email]);
    expect(pending.totp_ciphertext).toBeNull(); // not active before a correct code

    expect((await client.code('000000')).status).toBe(401);
    expect((await client.get('/api/support/tenants?q=ab')).status).toBe(401);
    const totp = OTPAuth.URI.parse(String(offered.body!.otpauthUri)) as OTPAuth.TOTP;
    expect((await client.code(totp.generate())).status).toBe(204);
    expect((await client.session()).staff).toMatchObject({ mfaComplete: true });
    expect((await client.get('/api/support/tenants?q=ab')).status).toBe(200);

    // Enrolled: the next sign-in asks for a code and offers no new secret.
    const again = new StaffClient(api.url, '198.51.100.21');
    expect((await again.password(email)).status).toBe(204);
    expect((await again.session()).staff!.enrolmentRequired).toBe(false);
    expect((await again.get('/api/staff/login/enrolment')).status).toBe(409);
    expect((await again.code(nextCode(totp))).status).toBe(204);
    const audit = await owner.query(
      `SELECT action, actor FROM staff_audit_log WHERE staff_email = $1 ORDER BY created_at`,
      [email],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['staff.created', 'staff.totp_enrolled']);
  });

  it('throttles guessed codes per account, also across parallel connections: the right code then waits', async () => {
    const email = uniqueStaffEmail('guess');
    await staffService(ds).create(email, 'Gus Guess', STAFF_PASSWORD, 'test');
    const totp = await new StaffClient(api.url, '198.51.100.31').enrol(email);
    await windowPasses(email);

    const attacker = new StaffClient(api.url, '198.51.100.32');
    expect((await attacker.password(email)).status).toBe(204);
    const wrong = (i: number) => String((Number(nextCode(totp)) + 1 + i) % 1_000_000).padStart(6, '0');
    // Ten connections at once, two guesses each.
    const statuses = (
      await Promise.all(
        Array.from({ length: 10 }, async (_, c) => {
          const conn = new StaffClient(api.url, '198.51.100.32', attacker.browser);
          return [(await conn.code(wrong(c * 2))).status, (await conn.code(wrong(c * 2 + 1))).status];
        }),
      )
    ).flat();
    expect(statuses.filter((s) => s === 401)).toHaveLength(ACCOUNT_FAILURES.points);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - ACCOUNT_FAILURES.points);
    const right = await attacker.code(nextCode(totp));
    expect(right.status).toBe(429);
    expect(Number(right.res.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  it('throttles failed passwords per client address across accounts', async () => {
    const from = new StaffClient(api.url, '203.0.113.77');
    const statuses: number[] = [];
    for (let i = 0; i <= ADDRESS_FAILURES.points; i++)
      statuses.push((await from.password(uniqueStaffEmail(`nobody${i}`), 'not the password')).status);
    expect(statuses.slice(0, ADDRESS_FAILURES.points).every((s) => s === 401)).toBe(true);
    expect(statuses[ADDRESS_FAILURES.points]).toBe(429);
    // Another address is not held back by this one.
    expect((await new StaffClient(api.url, '203.0.113.78').password(uniqueStaffEmail(), 'x')).status).toBe(401);
  });

  it('locks the account after repeated failures until an operator unlocks it, audited', async () => {
    const email = uniqueStaffEmail('locked');
    await staffService(ds).create(email, 'Lou Locked', STAFF_PASSWORD, 'test');
    const totp = await new StaffClient(api.url, '198.51.100.41').enrol(email);
    const guesser = new StaffClient(api.url, '198.51.100.42');
    let last = 0;
    for (let i = 0; i < 10; i++) {
      if (i % (ACCOUNT_FAILURES.points - 1) === 0) await windowPasses(email);
      last = (await guesser.password(email, `wrong password ${i}`)).status;
    }
    expect(last).toBe(401);
    await windowPasses(email);
    // Locked: even the right password and code no longer get in.
    const owner1 = new StaffClient(api.url, '198.51.100.43');
    const refused = await owner1.password(email);
    expect(refused.status).toBe(423);
    expect(refused.body!.message).toMatch(/locked/);

    const unlocked = await staffCli('unlock', email); // rejects on a non-zero exit
    expect(unlocked.stdout).toContain(`Unlocked ${email}`);
    const audit = await owner.query(
      `SELECT action, actor FROM staff_audit_log WHERE staff_email = $1 AND action IN ('staff.locked', 'staff.unlocked') ORDER BY created_at`,
      [email],
    );
    expect(audit).toEqual([
      { action: 'staff.locked', actor: 'system' },
      { action: 'staff.unlocked', actor: expect.stringMatching(/^cli:.+/) },
    ]);
    await windowPasses(email);
    expect((await owner1.password(email)).status).toBe(204);
    expect((await owner1.code(nextCode(totp))).status).toBe(204);
  });

  it('refuses a code reused within its window', async () => {
    const email = uniqueStaffEmail('replay');
    await staffService(ds).create(email, 'Ray Replay', STAFF_PASSWORD, 'test');
    const totp = await new StaffClient(api.url, '198.51.100.51').enrol(email);
    const code = nextCode(totp);
    const first = new StaffClient(api.url, '198.51.100.51');
    await first.password(email);
    expect((await first.code(code)).status).toBe(204);
    const replay = new StaffClient(api.url, '198.51.100.52');
    await replay.password(email);
    expect((await replay.code(code)).status).toBe(401);
  });
});
