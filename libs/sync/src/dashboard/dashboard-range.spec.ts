import { bucketStarts, dashboardRange, DashboardQueryError } from './dashboard-range';
import { recordKeySql } from '../trail/record-keys';
import { decodeRecordsCursor as decodeCursor, encodeRecordsCursor as encodeCursor } from './records.queries';

const NOW = new Date('2026-12-02T10:30:00.000Z');

describe('dashboard range', () => {
  it('defaults to the 24 h before now, in hours', () => {
    const r = dashboardRange({}, NOW);
    expect(r).toEqual({ from: new Date('2026-12-01T10:30:00.000Z'), to: NOW, bucket: 'hour' });
    const starts = bucketStarts(r);
    expect(starts).toHaveLength(25);
    expect(starts[0].toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(starts[24].toISOString()).toBe('2026-12-02T10:00:00.000Z');
  });

  it('takes dates as UTC midnights and picks days past a week', () => {
    const r = dashboardRange({ from: '2026-10-01', to: '2026-11-01' }, NOW);
    expect(r.bucket).toBe('day');
    expect(bucketStarts(r)).toHaveLength(31);
    expect(dashboardRange({ from: '2026-11-25T00:00:00+02:00', to: '2026-12-01' }, NOW).from.toISOString()).toBe(
      '2026-11-24T22:00:00.000Z',
    );
  });

  it.each([
    [{ from: 'yesterday' }, /from must be an ISO-8601 time/],
    [{ to: '2026-02-30' }, /to must be a real calendar date/],
    [{ from: '2026-12-01T10:00:00' }, /from must be an ISO-8601 time with an offset/],
    [{ from: '2026-12-02', to: '2026-12-01' }, /from must be before to/],
    [{ from: '2026-12-01', to: '2026-12-01' }, /from must be before to/],
    [{ to: '2026-12-04' }, /to must not be more than a day ahead/],
    [{ from: '2026-11-01', to: '2026-12-01', bucket: 'hour' }, /at most 7 days with bucket=hour/],
    [{ from: '2026-01-01', to: '2026-12-01' }, /at most 92 days with bucket=day/],
    [{ bucket: 'week' }, /bucket must be one of hour, day/],
  ])('refuses %j', (input, words) => {
    expect(() => dashboardRange(input, NOW)).toThrow(DashboardQueryError);
    expect(() => dashboardRange(input, NOW)).toThrow(words);
  });
});

describe('records cursor and record key', () => {
  it('round-trips a cursor and refuses anything else', () => {
    const id = '0b7a3c1e-1111-4222-8333-444455556666';
    expect(decodeCursor(encodeCursor('2026-12-01T10:00:00.123456Z', id))).toEqual(['2026-12-01T10:00:00.123456Z', id]);
    for (const bad of ['nope', encodeCursor('not a time', id), encodeCursor('2026-12-01T10:00:00Z', "1' OR 1=1")]) {
      expect(() => decodeCursor(bad)).toThrow(/cursor is not one this list gave out/);
    }
  });

  it('keys a record as the trail does (one rule: trail/record-keys.ts), bounded like the trail', () => {
    const sql = recordKeySql('p');
    for (const f of ['InvoiceNumber', 'ContactNumber', 'Name', 'Reference', '_id']) expect(sql).toContain(`'${f}'`);
    expect(sql).toMatch(/p\.source_key/);
    expect(sql).toMatch(/^left\(/);
  });
});
