import { createHash } from 'node:crypto';
import { SessionData } from 'express-session';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { createTenant, ownerDataSource, runtimeDataSource } from '#lb/testing';
import { PgSessionStore } from './pg-session.store';

const promised =
  <T>(fn: (cb: (err?: unknown, value?: T) => void) => void) =>
  () =>
    new Promise<T | undefined>((done, fail) =>
      fn((err, value) => (err ? fail(err instanceof Error ? err : new Error(JSON.stringify(err))) : done(value))),
    );

describe('PgSessionStore: the rolling expiry is written at most once a minute, revocation at once', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await runtimeDataSource(1);
  });
  afterAll(() => ds.destroy());

  const data = (expires: Date) => ({ cookie: { expires, originalMaxAge: 1_800_000 } }) as unknown as SessionData;
  const storedExpiry = (sid: string) =>
    ds.query(`SELECT expires_at FROM sessions WHERE id_hash = $1`, [createHash('sha256').update(sid).digest('hex')]);

  it('writes the first touch, skips the next within a minute, and a destroyed session is gone on the next read', async () => {
    const store = new PgSessionStore(ds);
    const sid = `sid-${Date.now()}`;
    const first = new Date(Date.now() + 1_800_000);
    await promised((cb) => store.set(sid, data(first), cb))();
    expect(await storedExpiry(sid)).toEqual([{ expires_at: first }]);

    // another process (a fresh store) has not written it: its first touch writes
    const other = new PgSessionStore(ds);
    const second = new Date(first.getTime() + 5_000);
    await promised((cb) => other.touch(sid, data(second), cb))();
    expect(await storedExpiry(sid)).toEqual([{ expires_at: second }]);
    // a touch within the minute is not written: the stored expiry lags, never leads, the cookie's
    await promised((cb) => other.touch(sid, data(new Date(second.getTime() + 5_000)), cb))();
    expect(await storedExpiry(sid)).toEqual([{ expires_at: second }]);

    await promised((cb) => other.destroy(sid, cb))();
    expect(await promised<SessionData | null>((cb) => store.get(sid, cb))()).toBeNull();
  });
});

describe("PgSessionStore: the member's role is read with the session, fresh, and never stored", () => {
  let ds: DataSource;
  let owner: DataSource;
  let tenantId: string;
  let otherTenantId: string;
  let userId: string;

  beforeAll(async () => {
    ds = await runtimeDataSource(1);
    owner = await ownerDataSource();
    const tx = new TenantTransactions(ds);
    tenantId = await createTenant(tx);
    otherTenantId = await createTenant(tx);
    [{ id: userId }] = await owner.query<Array<{ id: string }>>(
      `INSERT INTO users (xero_user_id, email, display_name) VALUES (gen_random_uuid(), $1, 'Role reader') RETURNING id`,
      [`role-${Date.now()}-${Math.random()}@example.test`],
    );
    await owner.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'admin')`, [
      tenantId,
      userId,
    ]);
  });
  afterAll(async () => {
    await ds.destroy();
    await owner.destroy();
  });

  const later = () => new Date(Date.now() + 1_800_000);
  const memberSession = (member: unknown) =>
    ({ cookie: { expires: later(), originalMaxAge: 1_800_000 }, member }) as unknown as SessionData;
  const read = (store: PgSessionStore, sid: string) => promised<SessionData | null>((cb) => store.get(sid, cb))();
  const stored = async (sid: string) =>
    (
      await ds.query<Array<{ data: Record<string, unknown> }>>(`SELECT data FROM sessions WHERE id_hash = $1`, [
        createHash('sha256').update(sid).digest('hex'),
      ])
    )[0].data;

  it('reads the role the database holds now: changed and removed between two reads', async () => {
    const store = new PgSessionStore(ds);
    const sid = `role-${Date.now()}`;
    await promised((cb) => store.set(sid, memberSession({ userId, tenantId }), cb))();
    expect((await read(store, sid))?.liveMemberRole).toBe('admin');

    await owner.query(`UPDATE memberships SET role = 'viewer' WHERE tenant_id = $1 AND user_id = $2`, [
      tenantId,
      userId,
    ]);
    expect((await read(store, sid))?.liveMemberRole).toBe('viewer');

    await owner.query(`DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2`, [tenantId, userId]);
    const after = await read(store, sid);
    expect(after?.member).toEqual({ userId, tenantId });
    expect(after?.liveMemberRole).toBeNull();
    await owner.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'admin')`, [
      tenantId,
      userId,
    ]);
  });

  it('answers no role for another tenant the user is not a member of, for a session without a member, and for a malformed one', async () => {
    const store = new PgSessionStore(ds);
    const elsewhere = `elsewhere-${Date.now()}`;
    await promised((cb) => store.set(elsewhere, memberSession({ userId, tenantId: otherTenantId }), cb))();
    expect((await read(store, elsewhere))?.liveMemberRole).toBeNull();

    const anonymous = `anonymous-${Date.now()}`;
    await promised((cb) => store.set(anonymous, memberSession(undefined), cb))();
    expect((await read(store, anonymous))?.liveMemberRole).toBeNull();

    // not UUIDs (only a row written outside the store could hold this): no cast error, no role
    const malformed = `malformed-${Date.now()}`;
    await ds.query(`INSERT INTO sessions (id_hash, data, expires_at) VALUES ($1, $2::jsonb, $3)`, [
      createHash('sha256').update(malformed).digest('hex'),
      JSON.stringify({ cookie: { originalMaxAge: 1_800_000 }, member: { userId: "x' OR 1=1", tenantId: 'nope' } }),
      later(),
    ]);
    expect((await read(store, malformed))?.liveMemberRole).toBeNull();
  });

  it('never writes the role into the stored session, and the stored id hash opens nothing', async () => {
    const store = new PgSessionStore(ds);
    const sid = `stored-${Date.now()}`;
    await promised((cb) => store.set(sid, memberSession({ userId, tenantId }), cb))();
    const session = await read(store, sid);
    expect(session?.liveMemberRole).toBe('admin');
    // a request that changed its session saves what it read, role included: the role is dropped
    await promised((cb) => store.set(sid, { ...session!, returnTo: '/flows' }, cb))();
    expect(await stored(sid)).not.toHaveProperty('liveMemberRole');
    expect(await stored(sid)).toMatchObject({ returnTo: '/flows', member: { userId, tenantId } });

    // what the runtime role can read of `sessions` is the hash: passed as a session id, it finds no row
    const hash = createHash('sha256').update(sid).digest('hex');
    expect(await ds.query(`SELECT * FROM lb_session_read($1)`, [hash])).toEqual([]);
    expect(await read(store, hash)).toBeNull();
  });

  it('an expired session reads as none, role or not', async () => {
    const store = new PgSessionStore(ds);
    const sid = `expired-${Date.now()}`;
    const session = {
      cookie: { expires: new Date(Date.now() - 1_000), originalMaxAge: 1 },
      member: { userId, tenantId },
    } as unknown as SessionData;
    await promised((cb) => store.set(sid, session, cb))();
    expect(await read(store, sid)).toBeNull();
  });
});
