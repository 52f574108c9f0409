/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
// The collections a request loaded are kept for the next one (db/org-collections-cache.ts). They
// must never answer for a state that is not the committed one: another sandbox process writing the
// same organisation, or a batch element that failed half-way.
import { api, ApiFixture, apiFixture, authorize, Sandbox, startSandbox, uniq } from '../testing/sandbox-harness';

type Json = Record<string, unknown>;

describe('collections kept between requests', () => {
  let f: ApiFixture;
  let other: Sandbox;
  let viaOther: ReturnType<typeof api>;

  beforeAll(async () => {
    f = await apiFixture('kept', { xero: { minuteLimit: 100_000 } });
    // a second sandbox process over the same database (the test run's sandboxes share one)
    other = await startSandbox({ xero: { minuteLimit: 100_000 } });
    // the same app and organisation (shared rows), with a token of that process
    const { tokens } = await authorize(other, f.app, f.org);
    viaOther = api(other, tokens.access_token, f.org.tenantId);
  });
  afterAll(async () => {
    await other?.close();
    await f?.sb.close();
  });

  const names = async () => ((await f.call('GET', '/Contacts')).body.Contacts as Json[]).map((c) => c.Name);

  it('a write through another process is seen at once, and its names are still unique', async () => {
    const name = uniq('Kept');
    await names(); // this process reads, and keeps, the contacts
    expect((await f.call('POST', '/Contacts', { Contacts: [{ Name: `${name} A` }] })).status).toBe(200);
    expect((await viaOther('POST', '/Contacts', { Contacts: [{ Name: `${name} B` }] })).status).toBe(200);

    expect(await names()).toEqual(expect.arrayContaining([`${name} A`, `${name} B`]));
    // PUT creates only: a name another process just took is a clash here
    const clash = await f.call('PUT', '/Contacts', { Contacts: [{ Name: `${name} B` }] });
    expect(clash.status).toBe(400);
    expect(JSON.stringify(clash.body)).toContain('is already assigned to another contact');
    // and the other process sees this one's
    expect((await viaOther('PUT', '/Contacts', { Contacts: [{ Name: `${name} A` }] })).status).toBe(400);
  });

  it('a batch element that failed after creating its contact leaves no trace; its neighbours stay', async () => {
    const name = uniq('Half');
    const line = { Description: 'Thing', Quantity: 1, UnitAmount: 10, AccountCode: '200' };
    const res = await f.call('POST', '/Invoices?summarizeErrors=false', {
      Invoices: [
        { Type: 'ACCREC', Contact: { Name: `${name} kept` }, LineItems: [line], Status: 'AUTHORISED' },
        // a new contact by name, then an account Xero does not have: the element fails
        {
          Type: 'ACCREC',
          Contact: { Name: `${name} undone` },
          LineItems: [{ ...line, AccountCode: '99999' }],
          Status: 'AUTHORISED',
        },
      ],
    });
    expect(res.status).toBe(200);
    const statuses = (res.body.Invoices as Json[]).map((i) => i.StatusAttributeString);
    expect(statuses).toEqual(['OK', 'ERROR']);

    const now = await names();
    expect(now).toContain(`${name} kept`);
    expect(now).not.toContain(`${name} undone`);
    // the undone contact's name is free: a later write takes it
    const later = await f.call('PUT', '/Contacts', { Contacts: [{ Name: `${name} undone` }] });
    expect(later.status).toBe(200);
    // through the other process too, which reads the committed state from PostgreSQL
    const there = ((await viaOther('GET', '/Contacts')).body.Contacts as Json[]).map((c) => c.Name);
    expect(there.filter((n) => String(n).startsWith(name)).sort()).toEqual([`${name} kept`, `${name} undone`]);
  });
});
