/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
// Lock dates (period and end of year) and manual-journal account rules, on a US organisation.
// Xero's messages are quoted in docs/connectors/xero-sandbox.md with their sources.
import { ApiFixture, apiFixture, control } from '../testing/sandbox-harness';

type XeroResponse = Awaited<ReturnType<ApiFixture['call']>>;

const errorsOf = (res: XeroResponse): string[] =>
  (res.body?.Elements ?? []).flatMap((e: { ValidationErrors: { Message: string }[] }) =>
    e.ValidationErrors.map((v) => v.Message),
  );

const PERIOD = 'The document date cannot be before the period lock date, currently set at 30-Jun-2025';
const YEAR_END = 'The document date cannot be before the end of year lock date, currently set at 31-Mar-2025';

describe('Xero sandbox lock dates and manual-journal accounts (US organisation)', () => {
  let f: ApiFixture;
  let customerId: string;
  let supplierId: string;
  let bankId: string;
  const line = { Description: 'Thing', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'TAX001' };
  const document = (resource: 'Invoices' | 'CreditNotes', Type: string, Date: string, contactId = customerId) =>
    f.call('PUT', `/${resource}`, {
      [resource]: [
        { Type, Contact: { ContactID: contactId }, Date, DueDate: Date, Status: 'AUTHORISED', LineItems: [line] },
      ],
    });
  const journal = (Date: string, debitCode = '429', creditCode = '090') =>
    f.call('PUT', '/ManualJournals', {
      ManualJournals: [
        {
          Narration: 'Lock test',
          Date,
          JournalLines: [
            { LineAmount: 50, AccountCode: debitCode },
            { LineAmount: -50, AccountCode: creditCode },
          ],
        },
      ],
    });
  const pay = (invoiceId: string, Date: string) =>
    f.call('PUT', '/Payments', {
      Payments: [{ Invoice: { InvoiceID: invoiceId }, Account: { AccountID: bankId }, Amount: 10, Date }],
    });
  const setLocks = (body: Record<string, string | null>) => control(f.sb, f.org, 'POST', '/lock-dates', body);

  beforeAll(async () => {
    f = await apiFixture('lock-dates', { xero: { minuteLimit: 100_000 } }, 'US');
    const contacts = (await f.call('GET', '/Contacts')).body.Contacts as { ContactID: string; Name: string }[];
    customerId = contacts.find((c) => c.Name === 'Ridgeway University')!.ContactID;
    supplierId = contacts.find((c) => c.Name === 'PowerDirect')!.ContactID;
    bankId = (await f.call('GET', '/Accounts?where=' + encodeURIComponent('Code=="090"'))).body.Accounts[0].AccountID;
  });
  afterAll(async () => f?.sb.close());

  it('sets and clears both lock dates through the control API; GET /Organisation shows them', async () => {
    const set = await setLocks({ periodLockDate: '2025-06-30', endOfYearLockDate: '2025-03-31' });
    expect(set.status).toBe(201);
    let org = (await f.call('GET', '/Organisation')).body.Organisations[0];
    expect(org.PeriodLockDate).toBe(`/Date(${Date.UTC(2025, 5, 30)}+0000)/`);
    expect(org.EndOfYearLockDate).toBe(`/Date(${Date.UTC(2025, 2, 31)}+0000)/`);

    // A field left out is unchanged; null clears it.
    await setLocks({ endOfYearLockDate: null });
    org = (await f.call('GET', '/Organisation')).body.Organisations[0];
    expect(org.PeriodLockDate).toBe(`/Date(${Date.UTC(2025, 5, 30)}+0000)/`);
    expect(org).not.toHaveProperty('EndOfYearLockDate');

    expect((await setLocks({ periodLockDate: '30/06/2025' })).status).toBe(400);
    const stranger = await control(f.sb, { ...f.org, controlToken: 'wrong' }, 'POST', '/lock-dates', {});
    expect(stranger.status).toBe(401);
  });

  describe('with the period locked to 30 Jun 2025 and the year to 31 Mar 2025', () => {
    beforeAll(async () => {
      await setLocks({ periodLockDate: '2025-06-30', endOfYearLockDate: '2025-03-31' });
    });

    it("refuses invoices, bills and credit notes dated on or before a lock, with Xero's messages", async () => {
      const invoice = await document('Invoices', 'ACCREC', '2025-06-30');
      expect(invoice.status).toBe(400);
      expect(errorsOf(invoice)).toEqual([PERIOD]);
      const bill = await document('Invoices', 'ACCPAY', '2025-05-01', supplierId);
      expect(errorsOf(bill)).toEqual([PERIOD]);
      const credit = await document('CreditNotes', 'ACCRECCREDIT', '2025-06-01');
      expect(errorsOf(credit)).toEqual([PERIOD]);
      // Before both locks: Xero names both.
      const old = await document('Invoices', 'ACCREC', '2025-03-31');
      expect(errorsOf(old)).toEqual([PERIOD, YEAR_END]);
      expect((await document('Invoices', 'ACCREC', '2025-07-01')).status).toBe(200);
      expect((await document('Invoices', 'ACCPAY', '2025-07-01', supplierId)).status).toBe(200);
    });

    it('refuses manual journals and payments dated on or before a lock', async () => {
      const mj = await journal('2025-06-15');
      expect(mj.status).toBe(400);
      expect(errorsOf(mj)).toEqual([PERIOD]);
      expect((await journal('2025-07-01')).status).toBe(200);

      const invoiceId = (await document('Invoices', 'ACCREC', '2025-07-01')).body.Invoices[0].InvoiceID as string;
      const early = await pay(invoiceId, '2025-06-30');
      expect(early.status).toBe(400);
      expect(errorsOf(early)).toEqual([PERIOD]);
      expect((await pay(invoiceId, '2025-07-02')).status).toBe(200);
    });

    it('refuses to delete a payment once its date is locked', async () => {
      const invoiceId = (await document('Invoices', 'ACCREC', '2025-08-01')).body.Invoices[0].InvoiceID as string;
      const paymentId = (await pay(invoiceId, '2025-08-02')).body.Payments[0].PaymentID as string;
      await setLocks({ periodLockDate: '2025-08-31' });
      const del = await f.call('POST', `/Payments/${paymentId}`, { Status: 'DELETED' });
      expect(del.status).toBe(400);
      expect(errorsOf(del)).toEqual([
        'The document date cannot be before the period lock date, currently set at 31-Aug-2025',
      ]);
      await setLocks({ periodLockDate: '2025-06-30' });
    });
  });

  it('refuses manual journals on the receivable and payable system accounts', async () => {
    await setLocks({ periodLockDate: null, endOfYearLockDate: null });
    const today = new Date().toISOString().slice(0, 10);
    const receivable = await journal(today, '610', '090');
    expect(receivable.status).toBe(400);
    expect(errorsOf(receivable)).toEqual(["Account code '610' is not a valid code for this document."]);
    const payable = await journal(today, '429', '800');
    expect(errorsOf(payable)).toEqual(["Account code '800' is not a valid code for this document."]);
    expect((await journal(today, '429', '090')).status).toBe(200);
  });
});
