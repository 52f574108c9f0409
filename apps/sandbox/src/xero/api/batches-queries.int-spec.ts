/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
import { ApiFixture, apiFixture, control, Json } from '../testing/sandbox-harness';

describe('Xero sandbox: batches, idempotency and list queries', () => {
  let f: ApiFixture;

  beforeAll(async () => {
    f = await apiFixture('batches', { xero: { minuteLimit: 100_000 } });
  });
  afterAll(async () => f?.sb.close());

  it('summarizeErrors=false gives 200 with per-element outcomes', async () => {
    const res = await f.call('PUT', '/Contacts?summarizeErrors=false', {
      Contacts: [{ Name: 'Batch A' }, { Name: '' }, { Name: 'Batch B' }],
    });
    expect(res.status).toBe(200);
    expect(res.body.Contacts.map((c: Json) => c.StatusAttributeString)).toEqual(['OK', 'ERROR', 'OK']);
    expect(res.body.Contacts[1]).toEqual(
      expect.objectContaining({
        HasValidationErrors: true,
        ValidationErrors: [{ Message: 'The contact name must be specified.' }],
      }),
    );
  });

  it('without summarizeErrors one bad element gives the 400 ValidationException, and the valid ones are still created', async () => {
    const res = await f.call('PUT', '/Contacts', { Contacts: [{ Name: 'Batch C' }, { Name: 'Batch C' }] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      expect.objectContaining({
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
      }),
    );
    expect(res.body.Elements).toHaveLength(1);
    const list = await f.call('GET', '/Contacts?where=' + encodeURIComponent('Name=="Batch C"'));
    expect(list.body.Contacts).toHaveLength(1);
  });

  it('replays an Idempotency-Key with no second effect', async () => {
    const body = { Contacts: [{ Name: 'Idem Co' }] };
    const first = await f.call('PUT', '/Contacts', body, { 'Idempotency-Key': 'key-1' });
    const second = await f.call('PUT', '/Contacts', body, { 'Idempotency-Key': 'key-1' });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const list = await f.call('GET', '/Contacts?where=' + encodeURIComponent('Name=="Idem Co"'));
    expect(list.body.Contacts).toHaveLength(1);
    const other = await f.call(
      'PUT',
      '/Contacts',
      { Contacts: [{ Name: 'Other Co' }] },
      { 'Idempotency-Key': 'key-1' },
    );
    expect(other.status).toBe(400);
    expect((await f.call('PUT', '/Contacts', body, { 'Idempotency-Key': 'k'.repeat(129) })).status).toBe(400);
  });

  it('pages with page/pageSize and reports pagination', async () => {
    await f.call('PUT', '/Contacts', { Contacts: Array.from({ length: 7 }, (_, i) => ({ Name: `Pager ${i}` })) });
    const res = await f.call(
      'GET',
      '/Contacts?page=2&pageSize=3&order=Name%20ASC&where=' + encodeURIComponent('Name.StartsWith("Pager")'),
    );
    expect(res.body.pagination).toEqual({ page: 2, pageSize: 3, pageCount: 3, itemCount: 7 });
    expect(res.body.Contacts.map((c: Json) => c.Name)).toEqual(['Pager 3', 'Pager 4', 'Pager 5']);
    expect((await f.call('GET', '/Contacts?page=1&pageSize=1001')).status).toBe(400);
  });

  it('honours If-Modified-Since', async () => {
    await control(f.sb, f.org, 'POST', '/clock/advance', { seconds: 10 });
    const clock = (await fetch(`${f.sb.url}/xero-control/clock`).then((r) => r.json())) as { now: string };
    await control(f.sb, f.org, 'POST', '/clock/advance', { seconds: 2 });
    await f.call('PUT', '/Contacts', { Contacts: [{ Name: 'Fresh Co' }] });
    const res = await f.call('GET', '/Contacts', undefined, { 'If-Modified-Since': clock.now });
    expect(res.body.Contacts.map((c: Json) => c.Name)).toEqual(['Fresh Co']);
  });

  it('filters invoices by IDs, InvoiceNumbers, ContactIDs and Statuses; unpaged lists omit line items', async () => {
    const all = (await f.call('GET', '/Invoices')).body.Invoices;
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all[0].LineItems).toBeUndefined();
    const one = await f.call('GET', `/Invoices?IDs=${all[0].InvoiceID}`);
    expect(one.body.Invoices).toHaveLength(1);
    const authorised = await f.call('GET', '/Invoices?Statuses=AUTHORISED,PAID&page=1');
    expect(authorised.body.Invoices.every((i: Json) => ['AUTHORISED', 'PAID'].includes(i.Status))).toBe(true);
    expect(authorised.body.Invoices[0].LineItems.length).toBeGreaterThan(0);
    const byNumber = await f.call(
      'GET',
      `/Invoices?InvoiceNumbers=${all.find((i: Json) => i.InvoiceNumber).InvoiceNumber}`,
    );
    expect(byNumber.body.Invoices).toHaveLength(1);
    const byContact = await f.call('GET', `/Invoices?ContactIDs=${all[0].Contact.ContactID}`);
    expect(byContact.body.Invoices.every((i: Json) => i.Contact.ContactID === all[0].Contact.ContactID)).toBe(true);
  });

  it('supports optimised where/order and refuses unsupported where fields with a 400', async () => {
    const res = await f.call(
      'GET',
      '/Invoices?where=' +
        encodeURIComponent('Status=="AUTHORISED" AND Type=="ACCREC" AND Date >= DateTime(2020,01,01)') +
        '&order=Date%20DESC',
    );
    expect(res.status).toBe(200);
    expect(res.body.Invoices.length).toBeGreaterThan(0);
    const bad = await f.call('GET', '/Invoices?where=' + encodeURIComponent('SentToContact==true'));
    expect(bad.status).toBe(400);
    expect(bad.body.Message).toMatch(/not filtering Invoices efficiently/);
    const accounts = await f.call('GET', '/Accounts?where=' + encodeURIComponent('Status=="ACTIVE" AND Type=="BANK"'));
    expect(accounts.body.Accounts.length).toBe(2);
  });

  it('rounds unit amounts to 2 dp unless unitdp=4', async () => {
    const customer = (await f.call('GET', '/Contacts?where=' + encodeURIComponent('Name=="Batch A"'))).body.Contacts[0];
    const inv = await f.call('PUT', '/Invoices?unitdp=4', {
      Invoices: [
        {
          Type: 'ACCREC',
          Contact: { ContactID: customer.ContactID },
          LineItems: [{ Description: 'x', Quantity: 3, UnitAmount: 1.2345, AccountCode: '200' }],
        },
      ],
    });
    const id = inv.body.Invoices[0].InvoiceID;
    expect(inv.body.Invoices[0].LineItems[0].UnitAmount).toBe(1.2345);
    expect(inv.body.Invoices[0].LineItems[0].LineAmount).toBe(3.7);
    expect((await f.call('GET', `/Invoices/${id}`)).body.Invoices[0].LineItems[0].UnitAmount).toBe(1.23);
    expect((await f.call('GET', `/Invoices/${id}?unitdp=4`)).body.Invoices[0].LineItems[0].UnitAmount).toBe(1.2345);
  });

  it("answers in Xero's envelope", async () => {
    const res = await f.call('GET', '/TaxRates');
    expect(res.body).toEqual(
      expect.objectContaining({
        Id: expect.any(String),
        Status: 'OK',
        ProviderName: expect.any(String),
        DateTimeUTC: expect.stringMatching(/^\/Date\(\d+\+0000\)\/$/),
      }),
    );
    expect(res.body.TaxRates.find((t: Json) => t.TaxType === 'OUTPUT2').EffectiveRate).toBe(15);
  });
});
