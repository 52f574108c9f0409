// Incremental polling on _updateStamp. X3 stamps have one-second resolution and a long
// transaction can commit with a stamp below the newest one already read, so each poll starts an
// overlap window before the high-water mark; records already delivered with the same stamp are
// remembered (id@stamp#content-hash) and skipped, so nothing is missed and an unchanged record is
// not re-sent. The hash matters because two saves in the same second share a stamp: the second
// one differs in content, so it is delivered.
import { createHash } from 'node:crypto';

export interface X3SyncCursor {
  /** Highest _updateStamp delivered (ISO), or null before the first poll. */
  stamp: string | null;
  /** `${_id}@${_updateStamp}#${hash}` of records delivered with a stamp inside the overlap window. */
  seen: string[];
}

export const INITIAL_CURSOR: X3SyncCursor = { stamp: null, seen: [] };

export function windowStart(cursor: X3SyncCursor, overlapSeconds: number): string | null {
  if (!cursor.stamp) return null;
  return new Date(Date.parse(cursor.stamp) - overlapSeconds * 1000).toISOString();
}

export class IncrementalWindow {
  private readonly seen: Set<string>;
  private readonly delivered = new Map<string, number>();
  private top: number;

  constructor(
    private readonly cursor: X3SyncCursor,
    private readonly overlapSeconds: number,
  ) {
    this.seen = new Set(cursor.seen);
    this.top = cursor.stamp ? Date.parse(cursor.stamp) : Number.NEGATIVE_INFINITY;
  }

  /** True when the record is new or changed since it was last delivered. */
  accept(record: { _id: string; _updateStamp: string }): boolean {
    const stamp = Date.parse(record._updateStamp);
    const hash = createHash('sha256').update(JSON.stringify(record)).digest('hex').slice(0, 16);
    const key = `${record._id}@${new Date(stamp).toISOString()}#${hash}`;
    if (this.seen.has(key) || this.delivered.has(key)) return false;
    this.delivered.set(key, stamp);
    if (stamp > this.top) this.top = stamp;
    return true;
  }

  /** The cursor to store once every accepted record is safely processed. */
  next(): X3SyncCursor {
    if (!Number.isFinite(this.top)) return this.cursor;
    const floor = this.top - this.overlapSeconds * 1000;
    const stampOf = (key: string) => Date.parse(key.slice(key.lastIndexOf('@') + 1, key.lastIndexOf('#')));
    const keep = [...this.seen, ...this.delivered.keys()].filter((key) => stampOf(key) >= floor);
    return { stamp: new Date(this.top).toISOString(), seen: [...new Set(keep)].sort() };
  }
}
