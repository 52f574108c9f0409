// Incremental polling on _updateStamp. X3 stamps have one-second resolution and a long
// transaction can commit with a stamp below the newest one already read, so each poll re-reads an
// overlap window below the high-water mark. Whether a record read is delivered is decided by its
// content hash against the hash last DELIVERED for its key (kept in x3_delivered_records, written
// by the consumer once it has durably accepted the change), never by what this cursor saw: a
// record edited A -> B -> A within one stamp second is delivered three times, an unchanged re-read
// not at all.
import { createHash } from 'node:crypto';
import type { X3Record } from '../graphql/x3-record';

export interface X3SyncCursor {
  /** Highest _updateStamp read (ISO), or null before the first poll. */
  stamp: string | null;
  /** Seconds re-read below `stamp` for late commits: by a wide read, every WIDE_READ_EVERY_SECONDS. */
  overlapSeconds: number;
  /** When the last wide read began (our clock, ISO); the polls between re-read a narrow window. */
  wideReadAt?: string | null;
}

export const DEFAULT_OVERLAP_SECONDS = 300;
/**
 * Every poll re-reads this much below the mark (a commit seconds late); the whole overlap is re-read
 * once a minute. Re-reading 300 s every 5 s poll cost a whole folder per poll after a mass save (the
 * 10,000 invoices saved again in the initial-load bench) and held each poll, and so the latency of
 * the next posted invoice, for those five minutes.
 */
export const NARROW_OVERLAP_SECONDS = 15;
export const WIDE_READ_EVERY_SECONDS = 60;

/** 'auto': wide when a minute has passed since the last wide read; a poll may also ask for either. */
export type ReadWindow = 'auto' | 'narrow' | 'wide';

/** Whether a poll starting `now` re-reads the whole overlap window (the first ever, or a minute on). */
export function isWideRead(cursor: X3SyncCursor, now = Date.now(), window: ReadWindow = 'auto'): boolean {
  if (window !== 'auto') return window === 'wide';
  const at = cursor.wideReadAt ? Date.parse(cursor.wideReadAt) : Number.NaN;
  // a clock that went back counts as due, so a bad stored value cannot keep the window narrow
  return !Number.isFinite(at) || now - at >= WIDE_READ_EVERY_SECONDS * 1000 || now < at;
}

export const INITIAL_CURSOR: X3SyncCursor = { stamp: null, overlapSeconds: DEFAULT_OVERLAP_SECONDS, wideReadAt: null };

/** What the consumer records once it has accepted a record: its key, content hash and stamp. */
export interface X3Delivery {
  key: string;
  hash: string;
  stamp: string;
}

/** The content hash last delivered per record key, for one consumer, connection and entity. */
export interface DeliveredHashes {
  lastDelivered(keys: string[]): Promise<Map<string, string>>;
  /**
   * The stamp (ms) last delivered per key. With it, a wide re-read reads keys and stamps first and
   * only the records whose stamp moved whole (graphql/moved-records.ts).
   */
  lastStamps?(keys: string[]): Promise<Map<string, number>>;
}

/** SHA-256 of the record as read, stamps included: a save without change is a change. */
export function contentHash(record: X3Record): string {
  return createHash('sha256').update(JSON.stringify(record)).digest('hex');
}

export function windowStart(cursor: X3SyncCursor, now = Date.now(), window: ReadWindow = 'auto'): string | null {
  if (!cursor.stamp) return null;
  const overlap = isWideRead(cursor, now, window)
    ? cursor.overlapSeconds
    : Math.min(NARROW_OVERLAP_SECONDS, cursor.overlapSeconds);
  return new Date(Date.parse(cursor.stamp) - overlap * 1000).toISOString();
}

/** Reads a stored cursor (an older version's also carried `seen`: dropped; one without `wideReadAt` reads wide next). */
export function parseCursor(stored: unknown, overlapSeconds = DEFAULT_OVERLAP_SECONDS): X3SyncCursor {
  const s = stored as Partial<X3SyncCursor> | null | undefined;
  const isStamp = (v: unknown): v is string => typeof v === 'string' && Number.isFinite(Date.parse(v));
  const stamp = isStamp(s?.stamp) ? s.stamp : null;
  const overlap = typeof s?.overlapSeconds === 'number' && s.overlapSeconds >= 0 ? s.overlapSeconds : overlapSeconds;
  return { stamp, overlapSeconds: overlap, wideReadAt: isStamp(s?.wideReadAt) ? s.wideReadAt : null };
}

export class IncrementalWindow {
  private top: number;
  private readonly deliveries = new WeakMap<X3Record, X3Delivery>();
  /** Where this read starts (null: everything), decided once for the read and its next cursor. */
  readonly since: string | null;
  /** Whether this read re-reads the whole overlap window (or is a first read). */
  readonly wide: boolean;
  private readonly wideReadAt: string | null;

  constructor(
    private readonly cursor: X3SyncCursor,
    private readonly delivered: DeliveredHashes,
    private readonly batchSize = 200,
    now = Date.now(),
    window: ReadWindow = 'auto',
  ) {
    this.top = cursor.stamp ? Date.parse(cursor.stamp) : Number.NEGATIVE_INFINITY;
    // a first read (no mark) reads everything: it counts as a wide one
    this.wide = !cursor.stamp || isWideRead(cursor, now, window);
    this.since = windowStart(cursor, now, this.wide ? 'wide' : 'narrow');
    this.wideReadAt = this.wide ? new Date(now).toISOString() : (cursor.wideReadAt ?? null);
  }

  /**
   * The records of `source` whose content differs from the last delivered for their key, looked
   * up a batch at a time. Every record read raises the high-water mark, delivered or not.
   */
  async *filter(source: AsyncIterable<X3Record> | Iterable<X3Record>): AsyncGenerator<X3Record> {
    // Within one poll a key already yielded with the same hash is not yielded again.
    const yielded = new Map<string, string>();
    let batch: X3Record[] = [];
    const flush = async function* (this: IncrementalWindow): AsyncGenerator<X3Record> {
      const last = await this.delivered.lastDelivered([...new Set(batch.map((r) => r._id))]);
      for (const record of batch) {
        const delivery = this.deliveries.get(record)!;
        const previous = yielded.get(delivery.key) ?? last.get(delivery.key);
        if (previous === delivery.hash) continue;
        yielded.set(delivery.key, delivery.hash);
        yield record;
      }
      batch = [];
    }.bind(this);
    for await (const record of source) {
      const stamp = Date.parse(record._updateStamp);
      if (stamp > this.top) this.top = stamp;
      this.deliveries.set(record, { key: record._id, hash: contentHash(record), stamp: record._updateStamp });
      batch.push(record);
      if (batch.length >= this.batchSize) yield* flush();
    }
    if (batch.length > 0) yield* flush();
  }

  /** Key, hash and stamp of a record this window yielded, for the consumer to mark delivered. */
  deliveryOf(record: X3Record): X3Delivery {
    const delivery = this.deliveries.get(record);
    if (!delivery) throw new Error('deliveryOf() takes a record read through this change stream');
    return delivery;
  }

  /** The cursor to store once every delivered record is safely accepted. */
  next(): X3SyncCursor {
    if (!Number.isFinite(this.top)) return this.cursor;
    return {
      stamp: new Date(this.top).toISOString(),
      overlapSeconds: this.cursor.overlapSeconds,
      wideReadAt: this.wideReadAt,
    };
  }
}
