import { LANES } from '../pending/lanes';
import { REFILL_LIMIT_MS, refillSettlement, refillsBeforeSending } from './batch-fill';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const ready = (n: number, lane: number = LANES.backfill, refilledSince?: string) =>
  Array.from({ length: n }, () => ({ change: { lane, outcome: refilledSince ? { refilledSince } : null } }));
const base = { claimed: 50, batch: 50, waited: 3, fillWaitMs: 2_000, nowMs: NOW };

describe('refill: a thinned-out backfill claim puts its ready changes back in line', () => {
  it('puts them back when a full backfill claim lost some to waits', () => {
    expect(refillsBeforeSending({ ...base, toWrite: ready(47) })).toBe(true);
  });

  it('sends them when the claim was not full, nothing waited, none or all are ready, another lane, or the wait is off', () => {
    expect(refillsBeforeSending({ ...base, claimed: 40, toWrite: ready(37) })).toBe(false);
    expect(refillsBeforeSending({ ...base, waited: 0, toWrite: ready(47) })).toBe(false);
    expect(refillsBeforeSending({ ...base, toWrite: [] })).toBe(false);
    expect(refillsBeforeSending({ ...base, toWrite: ready(50) })).toBe(false);
    expect(refillsBeforeSending({ ...base, toWrite: ready(47, LANES.polling) })).toBe(false);
    expect(refillsBeforeSending({ ...base, fillWaitMs: 0, toWrite: ready(47) })).toBe(false);
  });

  it('for at most REFILL_LIMIT_MS from the first time a change was put back', () => {
    const recent = new Date(NOW - REFILL_LIMIT_MS + 1_000).toISOString();
    const old = new Date(NOW - REFILL_LIMIT_MS).toISOString();
    expect(refillsBeforeSending({ ...base, toWrite: [...ready(20, LANES.backfill, recent), ...ready(20)] })).toBe(true);
    expect(refillsBeforeSending({ ...base, toWrite: [...ready(1, LANES.backfill, old), ...ready(20)] })).toBe(false);
  });

  it('keeps its place in line and the first time it was put back', () => {
    const first = refillSettlement({ outcome: null }, NOW);
    expect(first).toEqual({ kind: 'defer', delayMs: 0, outcome: { refilledSince: new Date(NOW).toISOString() } });
    const again = refillSettlement({ outcome: { refilledSince: '2026-12-01T11:59:55.000Z' } }, NOW);
    expect(again).toMatchObject({ outcome: { refilledSince: '2026-12-01T11:59:55.000Z' } });
  });
});
