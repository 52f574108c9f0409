// A both-ways customers flow on the sandboxes, each side editing a different field of one contact
// (both-ways-delta.ts, x3-writer/conflict-merge.ts). The X3 edit drained while Xero's edit has not
// reached us sends only X3's field, so Xero keeps its own, and Xero's edit then reaches X3; Xero's
// edit carried first leaves X3's own edit in place, which then goes to Xero. Both sides end with
// both edits, each written once.
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import {
  acceptChange,
  BothWaysWorld,
  carriedCustomer,
  changesOf,
  contactBatches,
  contactsOf,
  editInXero,
  settle,
  startBothWaysWorld,
  stopBothWaysWorld,
  waitUntilPast,
} from './testing/both-ways-world';
import type { Pair } from './testing/drain-world';

jest.setTimeout(300_000);

describe('both ways: each side’s edit of its own field survives the other’s', () => {
  let b: BothWaysWorld;
  beforeAll(async () => {
    b = await startBothWaysWorld();
  });
  afterAll(() => stopBothWaysWorld(b));

  const contactOf = async (pair: Pair, contactId: string) =>
    (await contactsOf(b, pair)).find((c) => c.ContactID === contactId)!;
  const actions = async (pair: Pair, direction: string) =>
    (await changesOf(b, pair)).filter((c) => c.direction === direction).map((c) => [c.state, c.outcome?.action]);
  const lastSent = async (pair: Pair) => Object.keys((await contactBatches(b, pair)).flat().at(-1)!).sort();

  it('an X3 edit sent while Xero’s edit of another field is unknown to us: Xero keeps its edit, and X3 gets it', async () => {
    const { pair, code, contactId } = await carriedCustomer(b);
    const reference = await b.w.h.tx.run(pair.tenantId, (m) =>
      m.findOneByOrFail(SyncCrossReference, { integrationId: pair.integrationId, entity: 'customer', x3Key: code }),
    );
    expect(reference.x3Snapshot).toMatchObject({ code });
    const email = `xero-${code}@example.com`.toLowerCase();
    // Xero's edit first (its webhook not with us yet), then X3's edit of another field, polled
    await editInXero(b, pair, contactId, { EmailAddress: email });
    await b.x3.update('customer', code, { companyName: `X3 name ${code}` });
    const batches = (await contactBatches(b, pair)).length;
    await acceptChange(b, pair, 'x3-to-xero', code);
    await settle(b, pair);

    expect((await contactBatches(b, pair)).length).toBe(batches + 1);
    // only X3's edit, with the contact's id and number (the key of a lookup after an unclear answer)
    expect(await lastSent(pair)).toEqual(['contactID', 'contactNumber', 'name']);
    const contact = await contactOf(pair, contactId);
    expect(contact.Name).toBe(`X3 name ${code}`);
    expect(contact.EmailAddress).toBe(email);

    // Xero's event now comes: X3 gets the email and keeps its name; nothing goes back to Xero
    await acceptChange(b, pair, 'xero-to-x3', contactId);
    await settle(b, pair);
    const inX3 = await b.x3.get('customer', code);
    expect(inX3.companyName).toBe(`X3 name ${code}`);
    expect(inX3.email).toBe(email);
    expect(await actions(pair, 'xero-to-x3')).toEqual([['done', 'updated']]);
    // X3's write of the email comes back by the poll: equal to what was synced, no Xero write
    await acceptChange(b, pair, 'x3-to-xero', code);
    await settle(b, pair);
    expect((await contactBatches(b, pair)).length).toBe(batches + 1);
    expect(await actions(pair, 'x3-to-xero')).toEqual([
      ['done', 'created'],
      ['done', 'updated'],
      ['done', 'unchanged'],
    ]);
  });

  it('Xero’s newer edit carried first leaves X3’s own edit of another field, which then goes to Xero alone', async () => {
    const { pair, code, contactId } = await carriedCustomer(b);
    const email = `x3-${code}@example.com`.toLowerCase();
    await b.x3.update('customer', code, { email });
    await waitUntilPast(Date.now());
    await editInXero(b, pair, contactId, { Name: `Xero name ${code}` });
    await acceptChange(b, pair, 'xero-to-x3', contactId);
    await settle(b, pair);
    // newest wins would have taken X3's email back too: it is X3's own edit, Xero never touched it
    const inX3 = await b.x3.get('customer', code);
    expect(inX3.companyName).toBe(`Xero name ${code}`);
    expect(inX3.email).toBe(email);

    const batches = (await contactBatches(b, pair)).length;
    await acceptChange(b, pair, 'x3-to-xero', code);
    await settle(b, pair);
    expect((await contactBatches(b, pair)).length).toBe(batches + 1);
    expect(await lastSent(pair)).toEqual(['contactID', 'contactNumber', 'emailAddress']);
    const contact = await contactOf(pair, contactId);
    expect(contact.Name).toBe(`Xero name ${code}`);
    expect(contact.EmailAddress).toBe(email);
    expect(await actions(pair, 'xero-to-x3')).toEqual([['done', 'updated']]);
  });
});
