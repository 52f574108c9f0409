/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
// If-Modified-Since is honoured exactly on the list operations whose definition in the vendored
// xero_accounting.yaml declares the header, and ignored on the others (as Xero ignores it).
import { ApiFixture, apiFixture } from '../testing/sandbox-harness';
import { operationsWithHeader } from '../testing/vendored-specs';

const LISTS = [
  'Accounts',
  'TaxRates',
  'Currencies',
  'TrackingCategories',
  'Contacts',
  'Items',
  'Invoices',
  'CreditNotes',
  'Payments',
  'ManualJournals',
  'PurchaseOrders',
];

describe('If-Modified-Since on the Accounting API lists', () => {
  let f: ApiFixture;
  let declared: Set<string>;

  beforeAll(async () => {
    // Parsing the spec blocks this process (and the in-process sandbox) for seconds: do it before
    // any connection is open, or a kept-alive socket may be closed under the next request.
    declared = operationsWithHeader('If-Modified-Since');
    f = await apiFixture('ims', { xero: { minuteLimit: 100_000 } });
    // The seed has no credit notes, journals or purchase orders: make one of each.
    const contactId = (await f.call('GET', '/Contacts')).body.Contacts[0].ContactID as string;
    const line = { Description: 'Thing', Quantity: 1, UnitAmount: 10, AccountCode: '429' };
    await f.call('PUT', '/CreditNotes', {
      CreditNotes: [{ Type: 'ACCPAYCREDIT', Contact: { ContactID: contactId }, LineItems: [line] }],
    });
    await f.call('PUT', '/PurchaseOrders', {
      PurchaseOrders: [{ Contact: { ContactID: contactId }, LineItems: [line] }],
    });
    await f.call('PUT', '/ManualJournals', {
      ManualJournals: [
        {
          Narration: 'IMS',
          JournalLines: [
            { LineAmount: 5, AccountCode: '429' },
            { LineAmount: -5, AccountCode: '090' },
          ],
        },
      ],
    });
  });
  afterAll(async () => f?.sb.close());

  it('filters exactly where the spec declares the header', async () => {
    const tomorrow = new Date(Date.now() + 86400_000).toUTCString();
    const outcome: Record<string, { declared: boolean; all: number; sinceTomorrow: number }> = {};
    for (const resource of LISTS) {
      const all = await f.call('GET', `/${resource}`);
      const since = await f.call('GET', `/${resource}`, undefined, { 'If-Modified-Since': tomorrow });
      expect([all.status, since.status]).toEqual([200, 200]);
      outcome[resource] = {
        declared: declared.has(`GET /${resource}`),
        all: (all.body[resource] as unknown[]).length,
        sinceTomorrow: (since.body[resource] as unknown[]).length,
      };
    }
    for (const [resource, o] of Object.entries(outcome)) {
      expect({ resource, nonEmpty: o.all > 0 }).toEqual({ resource, nonEmpty: true });
      expect({ resource, sinceTomorrow: o.sinceTomorrow }).toEqual({ resource, sinceTomorrow: o.declared ? 0 : o.all });
    }
    // The spec itself: settings lists other than Accounts do not take the header.
    expect(['TaxRates', 'Currencies', 'TrackingCategories'].map((r) => outcome[r].declared)).toEqual([
      false,
      false,
      false,
    ]);
    expect(outcome.Accounts.declared).toBe(true);
  });

  it('ignores a malformed If-Modified-Since where the header is not part of the operation', async () => {
    const res = await f.call('GET', '/TaxRates', undefined, { 'If-Modified-Since': 'not a date' });
    expect(res.status).toBe(200);
    expect(res.body.TaxRates.length).toBeGreaterThan(0);
  });
});
