import { createHash } from 'node:crypto';
import { SessionData } from 'express-session';
import { DataSource } from 'typeorm';
import { runtimeDataSource } from '#lb/testing';
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
