import type { X3Record } from '../graphql/x3-record';
import {
  DeliveredHashes,
  INITIAL_CURSOR,
  IncrementalWindow,
  X3SyncCursor,
  contentHash,
  parseCursor,
  windowStart,
} from './incremental-cursor';

const rec = (id: string, stamp: string, extra: Record<string, unknown> = {}): X3Record => ({
  _id: id,
  _createStamp: stamp,
  _updateStamp: stamp,
  ...extra,
});

/** Stands in for the consumer's table (x3_delivered_records, tested on PostgreSQL elsewhere). */
class Delivered implements DeliveredHashes {
  readonly hashes = new Map<string, string>();
  lookups = 0;
  lastDelivered(keys: string[]): Promise<Map<string, string>> {
    this.lookups++;
    return Promise.resolve(new Map(keys.flatMap((k) => (this.hashes.has(k) ? [[k, this.hashes.get(k)!]] : []))));
  }
}

async function poll(cursor: X3SyncCursor, delivered: Delivered, records: X3Record[], batchSize = 2) {
  const window = new IncrementalWindow(cursor, delivered, batchSize);
  const out: X3Record[] = [];
  for await (const r of window.filter(records)) out.push(r);
  // The consumer accepts what it was given, then marks it delivered.
  for (const r of out) delivered.hashes.set(r._id, window.deliveryOf(r).hash);
  return { ids: out.map((r) => r._id), cursor: window.next() };
}

const S = '2026-11-26T10:00:00.000Z';

describe('incremental cursor', () => {
  it('starts the next poll an overlap window before the high-water mark', () => {
    expect(windowStart(INITIAL_CURSOR)).toBeNull();
    expect(windowStart({ stamp: S, overlapSeconds: 60 })).toBe('2026-11-26T09:59:00.000Z');
  });

  it('re-reads the whole overlap once a minute, and 15 s below the mark on the polls between', () => {
    const now = Date.parse('2026-11-26T10:00:30.000Z');
    const cursor = (wideAgoS: number): X3SyncCursor => ({
      stamp: S,
      overlapSeconds: 300,
      wideReadAt: new Date(now - wideAgoS * 1000).toISOString(),
    });
    expect(windowStart(cursor(20), now)).toBe('2026-11-26T09:59:45.000Z'); // narrow: 15 s
    expect(windowStart(cursor(60), now)).toBe('2026-11-26T09:55:00.000Z'); // wide: 300 s
    expect(windowStart({ stamp: S, overlapSeconds: 300 }, now)).toBe('2026-11-26T09:55:00.000Z'); // never wide yet
    expect(windowStart(cursor(-10), now)).toBe('2026-11-26T09:55:00.000Z'); // a wide read "in the future": wide
    expect(windowStart({ ...cursor(20), overlapSeconds: 5 }, now)).toBe('2026-11-26T09:59:55.000Z'); // never wider than the overlap
    // a poll may ask for either (the wide re-read runs as a poll of its own)
    expect(windowStart(cursor(20), now, 'wide')).toBe('2026-11-26T09:55:00.000Z');
    expect(windowStart(cursor(60), now, 'narrow')).toBe('2026-11-26T09:59:45.000Z');
  });

  it('keeps the stamp, the overlap and when it last read wide in its JSON; a narrow read keeps that time', async () => {
    const now = Date.parse('2026-11-26T10:00:30.000Z');
    const first = new IncrementalWindow({ stamp: null, overlapSeconds: 60 }, new Delivered(), 2, now);
    for await (const r of first.filter([rec('A', S)])) expect(r._id).toBe('A');
    const wide = first.next();
    expect(wide).toEqual({ stamp: S, overlapSeconds: 60, wideReadAt: '2026-11-26T10:00:30.000Z' });
    const narrow = new IncrementalWindow(wide, new Delivered(), 2, now + 5_000);
    expect(narrow.since).toBe('2026-11-26T09:59:45.000Z');
    for await (const r of narrow.filter([rec('B', '2026-11-26T10:00:20.000Z')])) expect(r._id).toBe('B');
    expect(narrow.next()).toEqual({
      stamp: '2026-11-26T10:00:20.000Z',
      overlapSeconds: 60,
      wideReadAt: wide.wideReadAt,
    });
    const again = new IncrementalWindow(narrow.next(), new Delivered(), 2, now + 60_000);
    expect(again.since).toBe('2026-11-26T09:59:20.000Z'); // a minute on: the whole 60 s
  });

  it('delivers A -> B -> A saved within one stamp second three times', async () => {
    const delivered = new Delivered();
    const first = await poll(INITIAL_CURSOR, delivered, [rec('C1', S, { name: 'A' })]);
    const second = await poll(first.cursor, delivered, [rec('C1', S, { name: 'B' })]);
    const third = await poll(second.cursor, delivered, [rec('C1', S, { name: 'A' })]);
    expect([first.ids, second.ids, third.ids]).toEqual([['C1'], ['C1'], ['C1']]);
    expect((await poll(third.cursor, delivered, [rec('C1', S, { name: 'A' })])).ids).toEqual([]);
  });

  it('redelivers what was read but never marked delivered (the consumer crashed before accepting it)', async () => {
    const delivered = new Delivered();
    const window = new IncrementalWindow(INITIAL_CURSOR, delivered);
    for await (const r of window.filter([rec('A', S)])) expect(r._id).toBe('A');
    expect((await poll(INITIAL_CURSOR, delivered, [rec('A', S)])).ids).toEqual(['A']);
  });

  it('delivers a late commit below the mark, skips unchanged re-reads, and looks hashes up a batch at a time', async () => {
    const delivered = new Delivered();
    const first = await poll(INITIAL_CURSOR, delivered, [rec('A', S), rec('B', S)]);
    delivered.lookups = 0;
    const late = rec('D', '2026-11-26T09:59:30.000Z');
    const second = await poll(first.cursor, delivered, [late, rec('A', S), rec('B', S), rec('C', S)]);
    expect(second.ids).toEqual(['D', 'C']);
    expect(delivered.lookups).toBe(2); // four records, batches of two
    expect(second.cursor.stamp).toBe(S); // a late commit never lowers the mark
  });

  it('raises the mark on records read but not delivered, and keeps the cursor when nothing was read', async () => {
    const delivered = new Delivered();
    delivered.hashes.set('A', contentHash(rec('A', '2026-11-26T10:05:00.000Z')));
    const { ids, cursor } = await poll({ stamp: S, overlapSeconds: 60 }, delivered, [
      rec('A', '2026-11-26T10:05:00.000Z'),
    ]);
    expect(ids).toEqual([]);
    expect(cursor.stamp).toBe('2026-11-26T10:05:00.000Z');
    const still = { stamp: S, overlapSeconds: 60 };
    // nothing read: the mark stays where it was; the wide read it made is remembered
    expect((await poll(still, delivered, [])).cursor).toEqual({ ...still, wideReadAt: expect.any(String) });
    expect((await poll(INITIAL_CURSOR, delivered, [])).cursor).toEqual(INITIAL_CURSOR);
  });

  it('reads a cursor stored by the old format without its seen list', () => {
    expect(parseCursor({ stamp: S, seen: [`A@${S}#0123456789abcdef`] }, 60)).toEqual({
      stamp: S,
      overlapSeconds: 60,
      wideReadAt: null,
    });
    expect(parseCursor(null)).toEqual(INITIAL_CURSOR);
  });
});
