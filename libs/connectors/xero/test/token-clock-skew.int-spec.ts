// Access-token expiry against a process clock minutes off (issue 17, clock-skew fault scenario):
// the expiry is an instant on PostgreSQL's clock, counted from when we asked Xero, and compared
// with PostgreSQL's now; and a 401 on a token we took for fresh is met by one refresh and a resend,
// not a grant marked for re-authorisation. Its own sandbox: the tests move Xero's clock.
import { requireEnv } from '#lb/testing';
import { TOKEN_SET_PURPOSE, TokenSet } from '../src/auth/token-set';
import { XeroConnection } from '../src/entities/xero-connection.entity';
import { XeroGrant } from '../src/entities/xero-grant.entity';
import { connectedTenant, harness, Harness } from './connector-harness';
import { control, startSandboxProcess, SandboxProcess } from './sandbox-process';

const realNow = Date.now.bind(Date);
async function skewed<T>(skewMs: number, work: () => Promise<T>): Promise<T> {
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skewMs);
  try {
    return await work();
  } finally {
    spy.mockRestore();
  }
}

describe('Xero access-token expiry on PostgreSQL’s clock (real PostgreSQL, Redis, the sandbox)', () => {
  let sb: SandboxProcess;
  let h: Harness;

  beforeAll(async () => {
    sb = await startSandboxProcess({ SANDBOX_DATABASE_URL: requireEnv('SANDBOX_DATABASE_URL') });
    h = await harness(sb.url);
  });
  afterAll(async () => {
    await h?.close();
    await sb?.stop();
  });

  const stored = (tenantId: string, grantId: string) =>
    h.tx.run(tenantId, async (m) => {
      const set = await h.secrets.read(
        m,
        tenantId,
        (await m.findOneOrFail(XeroGrant, { where: { id: grantId } })).secretId,
        TOKEN_SET_PURPOSE,
      );
      const [{ ms }] = await m.query<Array<{ ms: string }>>(`SELECT (extract(epoch FROM now()) * 1000)::bigint AS ms`);
      return { set: JSON.parse(set) as TokenSet, dbNow: Number(ms) };
    });

  it.each([180_000, -180_000])(
    'a token refreshed by a process %i ms off expires by PostgreSQL’s clock, 30 minutes from the ask',
    async (skewMs) => {
      const c = h.connector();
      const { tenantId, result } = await connectedTenant(h, sb.url, c);
      const first = await stored(tenantId, result.grantId);
      // a skewed clock taken as truth would be 180 s off; a slow machine costs seconds between ask and read
      expect(Date.parse(first.set.expiresAt) - first.dbNow).toBeLessThanOrEqual(1_800_000);
      expect(Date.parse(first.set.expiresAt) - first.dbNow).toBeGreaterThan(1_680_000);
      await skewed(skewMs, () => c.tokens.refresh(tenantId, result.grantId, true));
      const after = await stored(tenantId, result.grantId);
      expect(after.set.accessToken).not.toBe(first.set.accessToken);
      expect(Date.parse(after.set.expiresAt) - after.dbNow).toBeLessThanOrEqual(1_800_000);
      expect(Date.parse(after.set.expiresAt) - after.dbNow).toBeGreaterThan(1_680_000);
    },
  );

  it('a process 3 minutes behind refreshes a token expired by PostgreSQL’s clock instead of sending it', async () => {
    // Its own clock said 170 s were left (more than the 120 s margin) on a token that had expired
    // 10 s before: it sent it, Xero answered 401, and the integration was paused for re-authorisation.
    const c = h.connector();
    const { tenantId, result, org: sorg, connectionId } = await connectedTenant(h, sb.url, c);
    await h.tx.run(tenantId, async (m) => {
      const grant = await m.findOneOrFail(XeroGrant, { where: { id: result.grantId } });
      const set = JSON.parse(await h.secrets.read(m, tenantId, grant.secretId, TOKEN_SET_PURPOSE)) as TokenSet;
      const [{ at }] = await m.query<Array<{ at: Date }>>(`SELECT now() - interval '10 seconds' AS at`);
      await h.secrets.replace(
        m,
        tenantId,
        grant.secretId,
        TOKEN_SET_PURPOSE,
        JSON.stringify({ ...set, expiresAt: new Date(at).toISOString() }),
      );
    });
    expect((await control(sb.url, sorg, 'POST', '/clock/advance', { seconds: 1_810 })).status).toBeLessThan(300);
    const expired = (await stored(tenantId, result.grantId)).set.accessToken;
    const token = await skewed(-180_000, () => c.tokens.accessToken(tenantId, result.grantId));
    expect(token).not.toBe(expired);
    const org = await c.orgs.forConnection(tenantId, connectionId);
    const spy = jest.spyOn(c.tokens, 'renewRefused');
    expect((await skewed(-180_000, () => c.reads.listPage(org, 'contacts', {}))).records).toBeDefined();
    expect(spy).not.toHaveBeenCalled(); // the fresh token went out: no 401 to recover from
  });

  it('a 401 on a token we took for fresh (Xero’s clock ahead) is met by one refresh and a resend, not a pause', async () => {
    const c = h.connector();
    const { tenantId, result, org: sorg, connectionId } = await connectedTenant(h, sb.url, c);
    const org = await c.orgs.forConnection(tenantId, connectionId);
    expect((await c.reads.listPage(org, 'contacts', {})).records).toBeDefined();
    const before = (await stored(tenantId, result.grantId)).set.accessToken;
    // Xero's clock moves past the token's life while ours (PostgreSQL's) says 30 minutes are left
    expect((await control(sb.url, sorg, 'POST', '/clock/advance', { seconds: 1_900 })).status).toBeLessThan(300);
    expect((await c.reads.listPage(org, 'contacts', {})).records).toBeDefined();
    expect((await stored(tenantId, result.grantId)).set.accessToken).not.toBe(before);
    const [grant, conn] = await h.tx.run(tenantId, async (m) => [
      await m.findOneOrFail(XeroGrant, { where: { id: result.grantId } }),
      await m.findOneOrFail(XeroConnection, { where: { id: connectionId } }),
    ]);
    expect(grant.status).toBe('active');
    expect(conn.status).toBe('active');
  });
});
