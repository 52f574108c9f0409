// A both-ways customers flow on the sandboxes: an X3 change drained while Xero's edit of the same
// contact is on its way to X3 in another claim (behind-xero-edits.ts). The X3 change waits; Xero's
// edit goes first by the flow's conflict rule (newest wins), and the X3 change, re-read after it,
// finds both sides equal: no Xero write, X3's older name never reaches Xero.
import { LANES } from '../pending/lanes';
import { BEHIND_XERO_RETRY_MS } from './behind-xero-edits';
import { control, Pair } from './testing/drain-world';
import {
  acceptChange,
  BothWaysWorld,
  carriedCustomer as carried,
  changesOf as changesOfWorld,
  contactBatches as batchesOf,
  contactsOf as contactsOfWorld,
  settle as settleWorld,
  startBothWaysWorld,
  stopBothWaysWorld,
  waitUntilPast,
} from './testing/both-ways-world';

jest.setTimeout(300_000);

describe('both ways: an X3 change waits behind a Xero edit of the same record on its way to X3', () => {
  let b: BothWaysWorld;
  beforeAll(async () => {
    b = await startBothWaysWorld();
  });
  afterAll(() => stopBothWaysWorld(b));

  const carriedCustomer = () => carried(b);
  const acceptX3Change = (pair: Pair, code: string) => acceptChange(b, pair, 'x3-to-xero', code);
  const settle = (pair: Pair) => settleWorld(b, pair);
  const changesOf = (pair: Pair) => changesOfWorld(b, pair);
  const nameInXero = async (pair: Pair, contactId: string) =>
    (await contactsOfWorld(b, pair)).find((c) => c.ContactID === contactId)?.Name;
  const renameInXero = async (pair: Pair, contactId: string, name: string) => {
    const r = await control(b.w.sb.url, pair.org, 'POST', `/edits/contacts/${contactId}`, { Name: name });
    expect(r.status).toBeLessThan(300);
  };
  const contactBatches = async (pair: Pair) => (await batchesOf(b, pair)).length;

  it('waits while the Xero edit is claimed elsewhere; then Xero’s newer name wins on both sides with no Xero write', async () => {
    const { pair, code, contactId } = await carriedCustomer();
    await b.x3.update('customer', code, { companyName: `Older X3 name ${code}` });
    await waitUntilPast(Date.now());
    await renameInXero(pair, contactId, `Newer Xero name ${code}`);
    const scope = { integrationId: pair.integrationId, flowKey: 'customers' };
    // Xero's edit (webhook lane) is claimed by another drain, still at work; then the X3 poll's change comes
    await b.w.h.tx.run(pair.tenantId, (m) =>
      b.pending.accept(m, pair.tenantId, [
        {
          ...scope,
          entity: 'customer',
          direction: 'xero-to-x3',
          sourceKey: contactId.toLowerCase(),
          lane: LANES.webhook,
          source: null,
        },
      ]),
    );
    const elsewhere = await b.w.h.tx.run(pair.tenantId, (m) => b.pending.claim(m, scope, 1, 120));
    expect(elsewhere.changes.map((c) => c.direction)).toEqual(['xero-to-x3']);
    await acceptX3Change(pair, code);
    const batchesBefore = await contactBatches(pair);

    const ranAt = Date.now();
    const report = await b.drain.run({ tenantId: pair.tenantId, ...scope });
    expect(report).toMatchObject({ claimed: 1, written: 0, batches: 0 });
    const waiting = (await changesOf(pair)).filter((c) => c.direction === 'x3-to-xero' && c.state !== 'done');
    expect(waiting.map((c) => [c.state, c.attempts])).toEqual([['pending', 0]]);
    // set back by the retry delay (not merely left pending): 200 ms for the two clocks of one machine
    expect(waiting[0].availableAt.getTime()).toBeGreaterThanOrEqual(ranAt + BEHIND_XERO_RETRY_MS - 200);
    expect(await nameInXero(pair, contactId)).toBe(`Newer Xero name ${code}`);

    // the other drain gives its claim back (as a dead worker's lease would run out)
    await b.w.h.tx.run(pair.tenantId, (m) =>
      b.pending.settle(m, elsewhere.changes[0], elsewhere.claimId, { kind: 'release', delayMs: 0 }),
    );
    await settle(pair);
    expect(await nameInXero(pair, contactId)).toBe(`Newer Xero name ${code}`);
    expect((await b.x3.get('customer', code)).companyName).toBe(`Newer Xero name ${code}`);
    expect(await contactBatches(pair)).toBe(batchesBefore);
    const x3Side = (await changesOf(pair)).filter((c) => c.direction === 'x3-to-xero');
    expect(x3Side.map((c) => [c.state, c.outcome?.action])).toEqual([
      ['done', 'created'],
      ['done', 'unchanged'],
    ]);
  });
});
