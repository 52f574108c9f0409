import { createHash } from 'node:crypto';
import { SessionData, Store } from 'express-session';
import { DataSource, LessThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Role } from '#lb/database';
import { SessionRecord } from '#lb/accounts';

const hashId = (sid: string) => createHash('sha256').update(sid).digest('hex');
type Callback<T = void> = (err?: unknown, value?: T) => void;

/**
 * `rolling` sessions would write the row's expiry on every request (an UPDATE per GET); a session
 * this process wrote less than this long ago is not written again. The stored expiry then lags the
 * cookie's by at most this much: a session can end up to a minute early on a 30-minute idle
 * timeout, never late. Sign-out and revocation delete the row, which every request still reads.
 */
export const SESSION_TOUCH_EVERY_MS = 60_000;
/** Sessions remembered as touched, at most (the oldest are forgotten first: they are written again). */
const TOUCHED_MAX = 10_000;

/**
 * express-session store on the global `sessions` table. Rows are keyed by the hash of the
 * session id; the user and staff ids are columns so "sign out everywhere" is one DELETE.
 */
export class PgSessionStore extends Store {
  /** Session id hash → when this process last wrote its expiry (insertion order: oldest first). */
  private readonly written = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  private wrote(idHash: string): void {
    this.written.delete(idHash);
    this.written.set(idHash, Date.now());
    if (this.written.size > TOUCHED_MAX) this.written.delete(this.written.keys().next().value!);
  }

  private get repo() {
    return this.dataSource.getRepository(SessionRecord);
  }

  get(sid: string, cb: Callback<SessionData | null>): void {
    // every API request reads its session, and with it the member's role: one round trip
    // (lb_session_read, see its migration). The role rides on the session as `liveMemberRole`,
    // always set here (null when there is none) and never stored (set() drops it).
    this.dataSource
      .query<Array<{ data: SessionData; expires_at: Date; member_role: Role | null }>>(
        `SELECT data, expires_at, member_role FROM lb_session_read($1)`,
        [sid],
      )
      .then(([row]) => {
        if (!row || row.expires_at.getTime() <= Date.now()) return cb(undefined, null);
        cb(undefined, { ...row.data, liveMemberRole: row.member_role ?? null });
      }, cb);
  }

  set(sid: string, session: SessionData, cb: Callback = () => undefined): void {
    const { liveMemberRole: _read, ...data } = session;
    const expiresAt = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + 86_400_000);
    const idHash = hashId(sid);
    this.repo
      .upsert(
        {
          idHash,
          userId: data.member?.userId ?? data.signingIn?.userId ?? null,
          staffId: data.staff?.staffId ?? null,
          // A JSON copy (dates become strings, as they are stored), typed as TypeORM's jsonb column input.
          data: JSON.parse(JSON.stringify(data)) as QueryDeepPartialEntity<SessionRecord['data']>,
          expiresAt,
        },
        ['idHash'],
      )
      .then(() => {
        this.wrote(idHash);
        cb();
      }, cb);
  }

  override touch(sid: string, data: SessionData, cb: Callback = () => undefined): void {
    const idHash = hashId(sid);
    const last = this.written.get(idHash);
    if (last !== undefined && Date.now() - last < SESSION_TOUCH_EVERY_MS) return cb();
    const expiresAt = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + 86_400_000);
    this.repo.update({ idHash }, { expiresAt }).then(() => {
      this.wrote(idHash);
      cb();
    }, cb);
  }

  destroy(sid: string, cb: Callback = () => undefined): void {
    const idHash = hashId(sid);
    this.written.delete(idHash);
    this.repo.delete({ idHash }).then(() => cb(), cb);
  }

  /** Signs a user out of every browser: removes all their sessions. */
  async destroyAllForUser(userId: string): Promise<number> {
    return (await this.repo.delete({ userId })).affected ?? 0;
  }

  async destroyAllForStaff(staffId: string): Promise<number> {
    return (await this.repo.delete({ staffId })).affected ?? 0;
  }

  async purgeExpired(): Promise<number> {
    return (await this.repo.delete({ expiresAt: LessThan(new Date()) })).affected ?? 0;
  }
}
