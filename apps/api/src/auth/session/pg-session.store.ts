import { createHash } from 'node:crypto';
import { SessionData, Store } from 'express-session';
import { DataSource, LessThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { SessionRecord } from '#lb/accounts';

const hashId = (sid: string) => createHash('sha256').update(sid).digest('hex');
type Callback<T = void> = (err?: unknown, value?: T) => void;

/**
 * express-session store on the global `sessions` table. Rows are keyed by the hash of the
 * session id; the user and staff ids are columns so "sign out everywhere" is one DELETE.
 */
export class PgSessionStore extends Store {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  private get repo() {
    return this.dataSource.getRepository(SessionRecord);
  }

  get(sid: string, cb: Callback<SessionData | null>): void {
    this.repo
      .findOneBy({ idHash: hashId(sid) })
      .then(
        (row) =>
          cb(undefined, row && row.expiresAt.getTime() > Date.now() ? (row.data as unknown as SessionData) : null),
        cb,
      );
  }

  set(sid: string, data: SessionData, cb: Callback = () => undefined): void {
    const expiresAt = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + 86_400_000);
    this.repo
      .upsert(
        {
          idHash: hashId(sid),
          userId: data.member?.userId ?? data.signingIn?.userId ?? null,
          staffId: data.staff?.staffId ?? null,
          // A JSON copy (dates become strings, as they are stored), typed as TypeORM's jsonb column input.
          data: JSON.parse(JSON.stringify(data)) as QueryDeepPartialEntity<SessionRecord['data']>,
          expiresAt,
        },
        ['idHash'],
      )
      .then(() => cb(), cb);
  }

  override touch(sid: string, data: SessionData, cb: Callback = () => undefined): void {
    const expiresAt = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + 86_400_000);
    this.repo.update({ idHash: hashId(sid) }, { expiresAt }).then(() => cb(), cb);
  }

  destroy(sid: string, cb: Callback = () => undefined): void {
    this.repo.delete({ idHash: hashId(sid) }).then(() => cb(), cb);
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
