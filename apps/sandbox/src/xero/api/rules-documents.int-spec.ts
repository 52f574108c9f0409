/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
import { ApiFixture, apiFixture, control, Json } from '../testing/sandbox-harness';

describe('Xero sandbox business rules: invoices, payments, credit notes, journals', () => {
  let f: ApiFixture;
  let customerId: string;
  let bankId: string;
  const today = new Date().toISOString().slice(0, 10);
  const line = (extra: Record<string, unknown> = {}) => ({
    Description: 'Thing',
    Quantity: 1,
    UnitAmount: 100,
    AccountCode: '200',
    TaxType: 'OUTPUT2',
    ...extra,
  });
  const invoice = async (body: Record<string, unknown>, q = '') =>
    f.call('PUT', `/Invoices${q}`, {
      Invoices: [
        {
          Type: 'ACCREC',
          Contact: { ContactID: customerId },
          Date: today,
          DueDate: today,
          LineItems: [line()],
          ...body,
        },
      ],
    });
  const errorsOf = (res: { body: Json }) =>
    (res.body.Elements ?? []).flatMap((e: Json) => e.ValidationErrors.map((v: Json) => v.Message)).join(' | ');
  const pay = (invoiceId: string, amount: number) =>
    f.call('PUT', '/Payments', {
      Payments: [{ Invoice: { InvoiceID: invoiceId }, Account: { AccountID: bankId }, Amount: amount, Date: today }],
    });

  beforeAll(async () => {
    // Many calls in a few seconds: lift the per-minute limit (its own suite tests it).
    f = await apiFixture('rules-docs', { xero: { minuteLimit: 100_000 } });
    customerId = (await f.call('PUT', '/Contacts', { Contacts: [{ Name: 'Rules Customer' }] })).body.Contacts[0]
      .ContactID;
    bankId = (await f.call('GET', '/Accounts?where=' + encodeURIComponent('Type=="BANK"'))).body.Accounts[0].AccountID;
  });
  afterAll(async () => f?.sb.close());

  it('keeps ACCREC invoice numbers unique (ACCPAY numbers may repeat)', async () => {
    expect((await invoice({ InvoiceNumber: 'RULE-1' })).status).toBe(200);
    const dup = await invoice({ InvoiceNumber: 'RULE-1' });
    expect(dup.status).toBe(400);
    expect(errorsOf(dup)).toContain('Invoice # must be unique.');
    expect((await invoice({ Type: 'ACCPAY', InvoiceNumber: 'BILL-1' })).status).toBe(200);
    expect((await invoice({ Type: 'ACCPAY', InvoiceNumber: 'BILL-1' })).status).toBe(200);
  });

  it('allows DRAFT → SUBMITTED → DRAFT → AUTHORISED → VOIDED and DRAFT → DELETED', async () => {
    const id = (await invoice({})).body.Invoices[0].InvoiceID;
    for (const Status of ['SUBMITTED', 'DRAFT', 'AUTHORISED', 'VOIDED']) {
      const res = await f.call('POST', `/Invoices/${id}`, { Invoices: [{ Status }] });
      expect([Status, res.status]).toEqual([Status, 200]);
      expect(res.body.Invoices[0].Status).toBe(Status);
    }
    const other = (await invoice({})).body.Invoices[0].InvoiceID;
    expect(
      (await f.call('POST', `/Invoices/${other}`, { Invoices: [{ Status: 'DELETED' }] })).body.Invoices[0].Status,
    ).toBe('DELETED');
  });

  it('refuses AUTHORISED → DRAFT or DELETED', async () => {
    const id = (await invoice({ Status: 'AUTHORISED' })).body.Invoices[0].InvoiceID;
    for (const Status of ['DRAFT', 'DELETED']) {
      const res = await f.call('POST', `/Invoices/${id}`, { Invoices: [{ Status }] });
      expect(res.status).toBe(400);
      expect(errorsOf(res)).toContain('Invoice not of valid status for modification');
    }
  });

  it('refuses PAID as a status to set', async () => {
    const res = await invoice({ Status: 'PAID' });
    expect(res.status).toBe(400);
    expect(errorsOf(res)).toMatch(/PAID/);
  });

  it('refuses to void an invoice with payments', async () => {
    const id = (await invoice({ Status: 'AUTHORISED' })).body.Invoices[0].InvoiceID;
    expect((await pay(id, 10)).status).toBe(200);
    const res = await f.call('POST', `/Invoices/${id}`, { Invoices: [{ Status: 'VOIDED' }] });
    expect(res.status).toBe(400);
    expect(errorsOf(res)).toMatch(/payment or credit note allocated/);
  });

  it('takes payments only on AUTHORISED documents', async () => {
    const id = (await invoice({})).body.Invoices[0].InvoiceID;
    const res = await pay(id, 10);
    expect(res.status).toBe(400);
    expect(errorsOf(res)).toMatch(/Authorised/);
  });

  it('refuses payments above the amount due; paying in full makes the invoice PAID', async () => {
    const inv = (await invoice({ Status: 'AUTHORISED' })).body.Invoices[0];
    expect(inv.AmountDue).toBe(115);
    const over = await pay(inv.InvoiceID, 115.01);
    expect(over.status).toBe(400);
    expect(errorsOf(over)).toMatch(/exceeds the amount outstanding/);
    expect((await pay(inv.InvoiceID, 15)).status).toBe(200);
    expect((await pay(inv.InvoiceID, 100)).status).toBe(200);
    const after = (await f.call('GET', `/Invoices/${inv.InvoiceID}`)).body.Invoices[0];
    expect(after).toEqual(expect.objectContaining({ Status: 'PAID', AmountDue: 0, AmountPaid: 115 }));
    expect(after.Payments).toHaveLength(2);
  });

  it('deleting a payment restores the amount due and the status', async () => {
    const inv = (await invoice({ Status: 'AUTHORISED' })).body.Invoices[0];
    const payment = (await pay(inv.InvoiceID, 115)).body.Payments[0];
    expect((await f.call('GET', `/Invoices/${inv.InvoiceID}`)).body.Invoices[0].Status).toBe('PAID');
    const del = await f.call('POST', `/Payments/${payment.PaymentID}`, { Status: 'DELETED' });
    expect(del.status).toBe(200);
    expect(del.body.Payments[0].Status).toBe('DELETED');
    const after = (await f.call('GET', `/Invoices/${inv.InvoiceID}`)).body.Invoices[0];
    expect(after).toEqual(expect.objectContaining({ Status: 'AUTHORISED', AmountDue: 115, AmountPaid: 0 }));
  });

  it('requires an existing, active AccountCode', async () => {
    const unknown = await invoice({ Status: 'AUTHORISED', LineItems: [line({ AccountCode: '9999' })] });
    expect(errorsOf(unknown)).toMatch(/not a valid code/);
    const archived = await invoice({ Status: 'AUTHORISED', LineItems: [line({ AccountCode: '499' })] });
    expect(errorsOf(archived)).toMatch(/archived/);
  });

  it('requires an existing TaxType', async () => {
    const res = await invoice({ LineItems: [line({ TaxType: 'NOPE' })] });
    expect(res.status).toBe(400);
    expect(errorsOf(res)).toMatch(/TaxType code 'NOPE'/);
  });

  it('computes totals per LineAmountTypes with per-line rounding', async () => {
    const ex = (
      await invoice({
        LineAmountTypes: 'Exclusive',
        LineItems: [line({ Quantity: 3, UnitAmount: 19.99 }), line({ UnitAmount: 0.05 })],
      })
    ).body.Invoices[0];
    expect([ex.SubTotal, ex.TotalTax, ex.Total]).toEqual([60.02, 9.01, 69.03]);
    const inc = (
      await invoice({ LineAmountTypes: 'Inclusive', LineItems: [line({ UnitAmount: 115 }), line({ UnitAmount: 10 })] })
    ).body.Invoices[0];
    expect([inc.SubTotal, inc.TotalTax, inc.Total]).toEqual([108.7, 16.3, 125]);
    const none = (await invoice({ LineAmountTypes: 'NoTax', LineItems: [line({ Quantity: 3, UnitAmount: 19.99 })] }))
      .body.Invoices[0];
    expect([none.SubTotal, none.TotalTax, none.Total]).toEqual([59.97, 0, 59.97]);
    const disc = (await invoice({ LineItems: [line({ Quantity: 2, UnitAmount: 33.33, DiscountRate: 10 })] })).body
      .Invoices[0];
    expect([disc.LineItems[0].LineAmount, disc.TotalTax, disc.Total]).toEqual([59.99, 9, 68.99]);
  });

  it('accepts only enabled currencies; honours CurrencyRate, else uses the day rate', async () => {
    const eur = await invoice({ CurrencyCode: 'EUR' });
    expect(errorsOf(eur)).toMatch(/not enabled/);
    const given = (await invoice({ CurrencyCode: 'USD', CurrencyRate: 0.61 })).body.Invoices[0];
    expect(given.CurrencyRate).toBe(0.61);
    const day = (await invoice({ CurrencyCode: 'USD' })).body.Invoices[0];
    expect(day.CurrencyRate).toBe(0.59);
  });

  it('allows at most two tracking categories per line, with existing options', async () => {
    const ok = await invoice({
      LineItems: [
        line({
          Tracking: [
            { Name: 'Region', Option: 'North' },
            { Name: 'Department', Option: 'Sales' },
          ],
        }),
      ],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.Invoices[0].LineItems[0].Tracking).toHaveLength(2);
    const three = await invoice({
      LineItems: [
        line({
          Tracking: [
            { Name: 'Region', Option: 'North' },
            { Name: 'Department', Option: 'Sales' },
            { Name: 'Region', Option: 'South' },
          ],
        }),
      ],
    });
    expect(errorsOf(three)).toMatch(/at most two/);
    const badOption = await invoice({ LineItems: [line({ Tracking: [{ Name: 'Region', Option: 'Atlantis' }] })] });
    expect(errorsOf(badOption)).toMatch(/Atlantis/);
  });

  it('refuses archived contacts on new documents', async () => {
    const archived = (await f.call('PUT', '/Contacts', { Contacts: [{ Name: 'Gone Ltd', ContactStatus: 'ARCHIVED' }] }))
      .body.Contacts[0];
    const res = await invoice({ Contact: { ContactID: archived.ContactID } });
    expect(res.status).toBe(400);
    expect(errorsOf(res)).toMatch(/archived/);
  });

  it('requires manual journals to balance', async () => {
    const bad = await f.call('PUT', '/ManualJournals', {
      ManualJournals: [
        {
          Narration: 'Off',
          Date: today,
          JournalLines: [
            { LineAmount: 100, AccountCode: '429' },
            { LineAmount: -90, AccountCode: '090' },
          ],
        },
      ],
    });
    expect(bad.status).toBe(400);
    expect(errorsOf(bad)).toMatch(/must equal total credits/);
    const good = await f.call('PUT', '/ManualJournals', {
      ManualJournals: [
        {
          Narration: 'On',
          Date: today,
          JournalLines: [
            { LineAmount: 100, AccountCode: '429' },
            { LineAmount: -100, AccountCode: '090' },
          ],
        },
      ],
    });
    expect(good.status).toBe(200);
    expect(good.body.ManualJournals[0].Status).toBe('DRAFT');
  });

  it('limits credit-note allocations to the remaining credit and the amount due', async () => {
    const inv = (await invoice({ Status: 'AUTHORISED', LineItems: [line({ UnitAmount: 40 })] })).body.Invoices[0];
    const cn = (
      await f.call('PUT', '/CreditNotes', {
        CreditNotes: [
          {
            Type: 'ACCRECCREDIT',
            Contact: { ContactID: customerId },
            Date: today,
            Status: 'AUTHORISED',
            LineItems: [line({ UnitAmount: 100 })],
          },
        ],
      })
    ).body.CreditNotes[0];
    expect(cn.RemainingCredit).toBe(115);
    const tooMuchForInvoice = await f.call('PUT', `/CreditNotes/${cn.CreditNoteID}/Allocations`, {
      Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 50, Date: today }],
    });
    expect(errorsOf(tooMuchForInvoice)).toMatch(/amount due/);
    const ok = await f.call('PUT', `/CreditNotes/${cn.CreditNoteID}/Allocations`, {
      Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 46, Date: today }],
    });
    expect(ok.status).toBe(200);
    const after = (await f.call('GET', `/Invoices/${inv.InvoiceID}`)).body.Invoices[0];
    expect(after).toEqual(expect.objectContaining({ Status: 'PAID', AmountDue: 0, AmountCredited: 46 }));
    const inv2 = (await invoice({ Status: 'AUTHORISED', LineItems: [line({ UnitAmount: 100 })] })).body.Invoices[0];
    const overCredit = await f.call('PUT', `/CreditNotes/${cn.CreditNoteID}/Allocations`, {
      Allocations: [{ Invoice: { InvoiceID: inv2.InvoiceID }, Amount: 70, Date: today }],
    });
    expect(errorsOf(overCredit)).toMatch(/remaining credit/);
  });

  it('refuses documents dated on or before the period lock date', async () => {
    await control(f.sb, f.org, 'POST', '/period-lock', { date: '2025-06-30' });
    const res = await invoice({ Date: '2025-06-15' });
    expect(res.status).toBe(400);
    expect(errorsOf(res)).toMatch(/period lock date/);
    expect((await invoice({ Date: '2025-07-01' })).status).toBe(200);
  });

  it('moves UpdatedDateUTC on every change', async () => {
    const first = (await invoice({})).body.Invoices[0];
    await control(f.sb, f.org, 'POST', '/clock/advance', { seconds: 5 });
    const second = (await f.call('POST', `/Invoices/${first.InvoiceID}`, { Invoices: [{ Reference: 'changed' }] })).body
      .Invoices[0];
    const ms = (d: string) => Number(/\((\d+)/.exec(d)![1]);
    expect(ms(second.UpdatedDateUTC)).toBeGreaterThan(ms(first.UpdatedDateUTC));
    await control(f.sb, f.org, 'POST', '/clock/advance', { seconds: 5 });
    const authorised = await f.call('POST', `/Invoices/${first.InvoiceID}`, { Invoices: [{ Status: 'AUTHORISED' }] });
    expect(authorised.body).toEqual(expect.objectContaining({ Invoices: expect.any(Array) }));
    await pay(first.InvoiceID, 1);
    const third = (await f.call('GET', `/Invoices/${first.InvoiceID}`)).body.Invoices[0];
    expect(ms(third.UpdatedDateUTC)).toBeGreaterThan(ms(second.UpdatedDateUTC));
  });
});
