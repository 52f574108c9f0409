import { INITIAL_CURSOR, IncrementalWindow, windowStart } from './incremental-cursor';

const rec = (id: string, stamp: string, extra: Record<string, unknown> = {}) => ({
  _id: id,
  _updateStamp: stamp,
  ...extra,
});

describe('incremental cursor', () => {
  it('starts the next poll an overlap window before the high-water mark', () => {
    expect(windowStart(INITIAL_CURSOR, 60)).toBeNull();
    expect(windowStart({ stamp: '2026-11-26T10:00:00.000Z', seen: [] }, 60)).toBe('2026-11-26T09:59:00.000Z');
  });

  it('skips records already delivered with the same stamp and content, keeps new ones', () => {
    const w1 = new IncrementalWindow(INITIAL_CURSOR, 60);
    expect(w1.accept(rec('A', '2026-11-26T10:00:00.000Z'))).toBe(true);
    expect(w1.accept(rec('B', '2026-11-26T10:00:00.000Z'))).toBe(true);
    const c1 = w1.next();
    expect(c1.stamp).toBe('2026-11-26T10:00:00.000Z');
    const w2 = new IncrementalWindow(c1, 60);
    expect(w2.accept(rec('A', '2026-11-26T10:00:00.000Z'))).toBe(false); // re-read in the overlap
    expect(w2.accept(rec('C', '2026-11-26T10:00:00.000Z'))).toBe(true); // same second, committed after the last poll
    expect(w2.accept(rec('B', '2026-11-26T10:00:00.000Z', { name: 'changed' }))).toBe(true); // saved again within the second
    expect(w2.accept(rec('D', '2026-11-26T09:59:30.000Z'))).toBe(true); // late commit below the mark
    expect(w2.next().stamp).toBe('2026-11-26T10:00:00.000Z');
  });

  it('forgets seen keys once they fall out of the overlap window', () => {
    const w1 = new IncrementalWindow(INITIAL_CURSOR, 60);
    w1.accept(rec('A', '2026-11-26T10:00:00.000Z'));
    w1.accept(rec('B', '2026-11-26T10:05:00.000Z'));
    const cursor = w1.next();
    expect(cursor.seen).toHaveLength(1);
    expect(cursor.seen[0]).toMatch(/^B@2026-11-26T10:05:00.000Z#[0-9a-f]{16}$/);
  });

  it('keeps the cursor when nothing changed', () => {
    const cursor = { stamp: '2026-11-26T10:00:00.000Z', seen: ['A@2026-11-26T10:00:00.000Z#0123456789abcdef'] };
    expect(new IncrementalWindow(cursor, 60).next()).toEqual(cursor);
  });
});
