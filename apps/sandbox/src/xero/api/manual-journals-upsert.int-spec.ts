/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
// POST /ManualJournals (updateOrCreateManualJournals): updates the journal its ManualJournalID names
// or creates one; PUT creates only. A journal dated in a locked period is not changed.
import { ApiFixture, apiFixture, control } from '../testing/sandbox-harness';

type XeroResponse = Awaited<ReturnType<ApiFixture['call']>>;

const errorsOf = (res: XeroResponse): string[] =>
  (res.body?.Elements ?? []).flatMap((e: { ValidationErrors: { Message: string }[] }) =>
    e.ValidationErrors.map((v) => v.Message),
  );

describe('Xero sandbox POST /ManualJournals (NZ organisation)', () => {
  let f: ApiFixture;
  const journal = (Narration: string, amount: number, Date = '2026-05-12', extra: Record<string, unknown> = {}) => ({
    Narration,
    Date,
    Status: 'POSTED',
    JournalLines: [
      { LineAmount: amount, AccountCode: '200' },
      { LineAmount: -amount, AccountCode: '090' },
    ],
    ...extra,
  });
  const idOf = (res: XeroResponse) => res.body.ManualJournals[0].ManualJournalID as string;

  beforeAll(async () => {
    f = await apiFixture('mj-upsert', { xero: { minuteLimit: 100_000 } });
  });
  afterAll(async () => f?.sb.close());

  it('updates the journal an id names (narration and lines replaced, same id); without an id it creates', async () => {
    const created = await f.call('PUT', '/ManualJournals', { ManualJournals: [journal('X3 J1: Fees', 10)] });
    expect(created.status).toBe(200);
    const id = idOf(created);
    const updated = await f.call('POST', '/ManualJournals', {
      ManualJournals: [journal('X3 J1: Fees, corrected', 12.5, '2026-05-12', { ManualJournalID: id })],
    });
    expect([updated.status, idOf(updated)]).toEqual([200, id]);
    const [now] = (await f.call('GET', `/ManualJournals/${id}`)).body.ManualJournals;
    expect([now.Narration, now.Status, now.JournalLines.map((l: { LineAmount: number }) => l.LineAmount)]).toEqual([
      'X3 J1: Fees, corrected',
      'POSTED',
      [12.5, -12.5],
    ]);
    const another = await f.call('POST', '/ManualJournals', { ManualJournals: [journal('X3 J2', 3)] });
    expect(another.status).toBe(200);
    expect(idOf(another)).not.toBe(id);
  });

  it('PUT with an id and POST with an unknown id are refused', async () => {
    const put = await f.call('PUT', '/ManualJournals', {
      ManualJournals: [journal('X3 J3', 1, '2026-05-12', { ManualJournalID: '00000000-0000-4000-8000-000000000001' })],
    });
    expect([put.status, errorsOf(put)]).toEqual([
      400,
      ['ManualJournalID cannot be set when creating a manual journal'],
    ]);
    const post = await f.call('POST', '/ManualJournals', {
      ManualJournals: [journal('X3 J3', 1, '2026-05-12', { ManualJournalID: '00000000-0000-4000-8000-000000000001' })],
    });
    expect(post.status).toBe(400);
    expect(errorsOf(post)).toEqual([expect.stringMatching(/could not be found/)]);
  });

  it('a journal dated in a locked period is not changed, even re-dated after the lock', async () => {
    const id = idOf(await f.call('PUT', '/ManualJournals', { ManualJournals: [journal('X3 J4', 5, '2026-05-12')] }));
    expect((await control(f.sb, f.org, 'POST', '/lock-dates', { periodLockDate: '2026-06-30' })).status).toBe(201);
    const moved = await f.call('POST', '/ManualJournals', {
      ManualJournals: [journal('X3 J4', 6, '2026-07-15', { ManualJournalID: id })],
    });
    expect([moved.status, errorsOf(moved)]).toEqual([
      400,
      ['The document date cannot be before the period lock date, currently set at 30-Jun-2026'],
    ]);
    const [now] = (await f.call('GET', `/ManualJournals/${id}`)).body.ManualJournals;
    expect(now.JournalLines.map((l: { LineAmount: number }) => l.LineAmount)).toEqual([5, -5]);
  });
});
