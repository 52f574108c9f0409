/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
import { ApiFixture, apiFixture, Json } from '../testing/sandbox-harness';

describe('Xero sandbox business rules: contacts and items', () => {
  let f: ApiFixture;
  const errorsOf = (res: { body: Json }) =>
    (res.body.Elements ?? []).flatMap((e: Json) => e.ValidationErrors.map((v: Json) => v.Message)).join(' | ');

  beforeAll(async () => {
    f = await apiFixture('rules-master', { xero: { minuteLimit: 100_000 } });
  });
  afterAll(async () => f?.sb.close());

  it('keeps contact names unique (case-insensitive)', async () => {
    expect((await f.call('PUT', '/Contacts', { Contacts: [{ Name: 'Unique Co' }] })).status).toBe(200);
    const dup = await f.call('PUT', '/Contacts', { Contacts: [{ Name: 'unique co' }] });
    expect(dup.status).toBe(400);
    expect(errorsOf(dup)).toMatch(/already assigned to another contact/);
  });

  it('limits ContactNumber to 50 characters', async () => {
    const res = await f.call('PUT', '/Contacts', {
      Contacts: [{ Name: 'Long Number Co', ContactNumber: 'X'.repeat(51) }],
    });
    expect(errorsOf(res)).toMatch(/ContactNumber must be 50 characters or less/);
    expect(
      (await f.call('PUT', '/Contacts', { Contacts: [{ Name: 'Ok Number Co', ContactNumber: 'X'.repeat(50) }] }))
        .status,
    ).toBe(200);
  });

  it('updates a contact by id, by ContactNumber, and archives it', async () => {
    const c = (await f.call('PUT', '/Contacts', { Contacts: [{ Name: 'Editable Ltd', ContactNumber: 'BP-0001' }] }))
      .body.Contacts[0];
    const byId = await f.call('POST', `/Contacts/${c.ContactID}`, { Contacts: [{ EmailAddress: 'a@b.example' }] });
    expect(byId.body.Contacts[0].EmailAddress).toBe('a@b.example');
    const byNumber = await f.call('POST', '/Contacts', {
      Contacts: [{ ContactNumber: 'BP-0001', Name: 'Editable Limited' }],
    });
    expect(byNumber.body.Contacts[0].ContactID).toBe(c.ContactID);
    const archived = await f.call('POST', `/Contacts/${c.ContactID}`, { Contacts: [{ ContactStatus: 'ARCHIVED' }] });
    expect(archived.body.Contacts[0].ContactStatus).toBe('ARCHIVED');
    expect((await f.call('GET', `/Contacts/${c.ContactID}`)).body.Contacts[0].Name).toBe('Editable Limited');
    expect((await f.call('GET', '/Contacts/BP-0001')).body.Contacts[0].ContactID).toBe(c.ContactID);
  });

  it('requires an item Code', async () => {
    const res = await f.call('PUT', '/Items', { Items: [{ Name: 'No code' }] });
    expect(res.status).toBe(400);
    expect(errorsOf(res)).toMatch(/Item code must be specified/);
  });

  it('limits item Code to 30 characters', async () => {
    const res = await f.call('PUT', '/Items', { Items: [{ Code: 'C'.repeat(31) }] });
    expect(errorsOf(res)).toMatch(/30 characters or less/);
  });

  it('keeps item Codes unique; POST updates by Code', async () => {
    expect(
      (
        await f.call('PUT', '/Items', {
          Items: [{ Code: 'BOLT-1', Name: 'Bolt', SalesDetails: { UnitPrice: 1.2345, AccountCode: '200' } }],
        })
      ).status,
    ).toBe(200);
    const dup = await f.call('PUT', '/Items', { Items: [{ Code: 'bolt-1' }] });
    expect(errorsOf(dup)).toMatch(/already exists/);
    const upd = await f.call('POST', '/Items?unitdp=4', {
      Items: [{ Code: 'BOLT-1', Name: 'Bolt M6', SalesDetails: { UnitPrice: 1.2345, AccountCode: '200' } }],
    });
    expect(upd.body.Items[0]).toEqual(
      expect.objectContaining({ Name: 'Bolt M6', SalesDetails: expect.objectContaining({ UnitPrice: 1.2345 }) }),
    );
    const twoDp = await f.call('GET', '/Items?where=' + encodeURIComponent('Code=="BOLT-1"'));
    expect(twoDp.body.Items[0].SalesDetails.UnitPrice).toBe(1.23);
  });

  it('validates item account codes and tax types', async () => {
    const res = await f.call('PUT', '/Items', { Items: [{ Code: 'BAD-ACC', SalesDetails: { AccountCode: '000' } }] });
    expect(errorsOf(res)).toMatch(/not a valid code/);
  });
});
