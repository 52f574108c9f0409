/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
// GET /Reports/TrialBalance: each account's balance as at the date from what the organisation
// holds (invoices, bills, credit notes, payments, posted manual journals), to the cent, in the
// spec's ReportWithRows shape; the report's debits equal its credits.
import {
  ALL_SCOPES,
  api,
  authorize,
  createOrg,
  Json,
  registerApp,
  Sandbox,
  startSandbox,
  TestOrg,
  uniq,
} from '../testing/sandbox-harness';
import { loadValidator, validateExchange } from '../testing/spec-validator';

type Call = ReturnType<typeof api>;

/** [account cell, debit, credit] of each account row, and the Total row's cells. */
function readReport(body: Json): { rows: string[][]; total: string[] } {
  const [report] = body.Reports;
  const sections = report.Rows.filter((r: Json) => r.RowType === 'Section');
  const rows = sections.flatMap((s: Json) =>
    s.Rows.filter((r: Json) => r.RowType === 'Row').map((r: Json) => r.Cells.slice(0, 3).map((c: Json) => c.Value)),
  );
  const summary = sections.flatMap((s: Json) => s.Rows).find((r: Json) => r.RowType === 'SummaryRow');
  return { rows, total: summary.Cells.map((c: Json) => c.Value) };
}

describe('Xero sandbox GET /Reports/TrialBalance (NZ organisation)', () => {
  let sb: Sandbox;
  let org: TestOrg;
  let call: Call;
  let narrow: Call;

  beforeAll(async () => {
    sb = await startSandbox({ xero: { minuteLimit: 100_000 } });
    org = await createOrg(sb, `${uniq('tb')}@example.test`);
    const app = await registerApp(sb, uniq('tb'));
    const reports = await authorize(sb, app, org, { scope: `${ALL_SCOPES} accounting.reports.read` });
    call = api(sb, reports.tokens.access_token, org.tenantId);
    narrow = api(sb, (await authorize(sb, app, org)).tokens.access_token, org.tenantId);

    const contact = (await call('PUT', '/Contacts', { Contacts: [{ Name: 'TB Customer' }] })).body.Contacts[0];
    const line = (UnitAmount: number, AccountCode: string, TaxType: string, Quantity = 1) => ({
      Description: 'Thing',
      Quantity,
      UnitAmount,
      AccountCode,
      TaxType,
    });
    const doc = (Type: string, Date: string, LineItems: Json[], Status = 'AUTHORISED') => ({
      Type,
      Contact: { ContactID: contact.ContactID },
      Date,
      DueDate: Date,
      Status,
      LineItems,
    });
    // 3 × 33.33 = 99.99 (GST 14.9985 → 15.00) and 10.01 (GST 1.5015 → 1.50): total 126.50
    const invoice = await call('PUT', '/Invoices', {
      Invoices: [doc('ACCREC', '2026-05-10', [line(33.33, '200', 'OUTPUT2', 3), line(10.01, '260', 'OUTPUT2')])],
    });
    expect([invoice.status, invoice.body.Invoices[0].Total]).toEqual([200, 126.5]);
    const bill = await call('PUT', '/Invoices', {
      Invoices: [doc('ACCPAY', '2026-05-10', [line(40, '400', 'INPUT2')])],
    });
    expect(bill.body.Invoices[0].Total).toBe(46);
    // neither a draft nor anything dated after the report's date counts
    await call('PUT', '/Invoices', { Invoices: [doc('ACCREC', '2026-05-10', [line(999, '200', 'OUTPUT2')], 'DRAFT')] });
    await call('PUT', '/Invoices', { Invoices: [doc('ACCREC', '2026-06-02', [line(777, '200', 'OUTPUT2')])] });
    const paid = await call('PUT', '/Payments', {
      Payments: [
        {
          Invoice: { InvoiceID: invoice.body.Invoices[0].InvoiceID },
          Account: { Code: '090' },
          Amount: 50.25,
          Date: '2026-05-11',
        },
      ],
    });
    expect(paid.status).toBe(200);
    const note = await call('PUT', '/CreditNotes', {
      CreditNotes: [doc('ACCRECCREDIT', '2026-05-12', [line(20, '200', 'OUTPUT2')])],
    });
    expect(note.body.CreditNotes[0].Total).toBe(23);
    const journal = (Date: string, Status: string) => ({
      Narration: 'Bank fees',
      Date,
      Status,
      JournalLines: [
        { LineAmount: 12.34, AccountCode: '404' },
        { LineAmount: -12.34, AccountCode: '090' },
      ],
    });
    const journals = await call('PUT', '/ManualJournals', {
      ManualJournals: [journal('2026-05-12', 'POSTED'), journal('2026-05-12', 'DRAFT')],
    });
    expect(journals.status).toBe(200);
  });
  afterAll(async () => sb?.close());

  it('gives each account its balance as at the date, to the cent; debits equal credits', async () => {
    const res = await call('GET', '/Reports/TrialBalance?date=2026-05-31');
    expect(res.status).toBe(200);
    const { rows, total } = readReport(res.body);
    expect(rows).toEqual([
      ['Sales (200)', '', '79.99'], // 99.99 invoiced − 20.00 credited
      ['Other Revenue (260)', '', '10.01'],
      ['Advertising (400)', '40.00', ''],
      ['Bank Fees (404)', '12.34', ''],
      ['Business Bank Account (090)', '37.91', ''], // 50.25 received − 12.34 fees
      ['Accounts Receivable (610)', '53.25', ''], // 126.50 − 50.25 paid − 23.00 credited
      ['Accounts Payable (800)', '', '46.00'],
      ['Sales Tax (820)', '', '7.50'], // 15.00 + 1.50 − 3.00 − 6.00
    ]);
    expect(total).toEqual(['Total', '143.50', '143.50', '143.50', '143.50']);
    const [report] = res.body.Reports;
    expect([report.ReportType, report.ReportDate, report.Rows[0].Cells.map((c: Json) => c.Value)]).toEqual([
      'TrialBalance',
      '31 May 2026',
      ['Account', 'Debit', 'Credit', 'YTD Debit', 'YTD Credit'],
    ]);
  });

  it('as at an earlier date leaves out what came later (the payment, the credit note, the journal)', async () => {
    const { rows, total } = readReport((await call('GET', '/Reports/TrialBalance?date=2026-05-10')).body);
    expect(rows).toEqual([
      ['Sales (200)', '', '99.99'],
      ['Other Revenue (260)', '', '10.01'],
      ['Advertising (400)', '40.00', ''],
      ['Accounts Receivable (610)', '126.50', ''],
      ['Accounts Payable (800)', '', '46.00'],
      ['Sales Tax (820)', '', '10.50'],
    ]);
    expect(total).toEqual(['Total', '166.50', '166.50', '166.50', '166.50']);
  });

  it('a USD invoice paid in two parts at other rates: receivables clear at the invoice rate, the difference is a realised currency gain or loss', async () => {
    const fx = await createOrg(sb, `${uniq('tbfx')}@example.test`);
    const app = await registerApp(sb, uniq('tbfx'));
    const fxCall = api(
      sb,
      (await authorize(sb, app, fx, { scope: `${ALL_SCOPES} accounting.reports.read` })).tokens.access_token,
      fx.tenantId,
    );
    const contact = (await fxCall('PUT', '/Contacts', { Contacts: [{ Name: 'FX Customer' }] })).body.Contacts[0];
    // 100.00 USD at 0.587547 USD per NZD: 170.20 NZD (100 / 0.587547 = 170.1991)
    const invoice = await fxCall('PUT', '/Invoices', {
      Invoices: [
        {
          Type: 'ACCREC',
          Contact: { ContactID: contact.ContactID },
          Date: '2026-04-10',
          DueDate: '2026-04-10',
          Status: 'AUTHORISED',
          CurrencyCode: 'USD',
          CurrencyRate: 0.587547,
          LineItems: [
            { Description: 'Export', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'ZERORATED' },
          ],
        },
      ],
    });
    expect(invoice.status).toBe(200);
    const pay = (Amount: number, CurrencyRate: number, Date: string) =>
      fxCall('PUT', '/Payments', {
        Payments: [
          {
            Invoice: { InvoiceID: invoice.body.Invoices[0].InvoiceID },
            Account: { Code: '090' },
            Amount,
            CurrencyRate,
            Date,
          },
        ],
      });
    // 33.33 at 0.6: 55.55 in the bank, 56.73 off receivables (33.33 / 0.587547): a loss of 1.18
    expect((await pay(33.33, 0.6, '2026-04-12')).status).toBe(200);
    const partly = readReport((await fxCall('GET', '/Reports/TrialBalance?date=2026-04-12')).body);
    expect(partly.rows).toEqual([
      ['Sales (200)', '', '170.20'],
      ['Realised Currency Gains (498)', '1.18', ''],
      ['Business Bank Account (090)', '55.55', ''],
      ['Accounts Receivable (610)', '113.47', ''],
    ]);
    // the rest, 66.67 at 0.55: 121.22 in the bank, and receivables clear what is left (113.47): a gain of 7.75
    expect((await pay(66.67, 0.55, '2026-04-20')).status).toBe(200);
    const paid = readReport((await fxCall('GET', '/Reports/TrialBalance?date=2026-04-30')).body);
    expect(paid.rows).toEqual([
      ['Sales (200)', '', '170.20'],
      ['Realised Currency Gains (498)', '', '6.57'],
      ['Business Bank Account (090)', '176.77', ''],
    ]);
    expect(paid.total).toEqual(['Total', '176.77', '176.77', '176.77', '176.77']);
  });

  it("answers in xero_accounting.yaml's ReportWithRows shape", async () => {
    const res = await call('GET', '/Reports/TrialBalance?date=2026-05-31&paymentsOnly=false');
    const validator = await loadValidator('xero_accounting.yaml');
    const { operationId, violations } = validateExchange(
      validator,
      {
        method: 'GET',
        path: '/api.xro/2.0/Reports/TrialBalance',
        query: { date: '2026-05-31', paymentsOnly: 'false' },
        requestHeaders: { 'xero-tenant-id': org.tenantId },
        requestBody: '',
        status: res.status,
        responseHeaders: {},
        responseBody: res.text,
      },
      '/api.xro/2.0',
    );
    expect([operationId, violations]).toEqual(['getReportTrialBalance', []]);
  });

  it('needs accounting.reports.read; refuses a bad date and the cash basis it does not model', async () => {
    expect((await narrow('GET', '/Reports/TrialBalance?date=2026-05-31')).status).toBe(401);
    expect((await call('GET', '/Reports/TrialBalance?date=31-05-2026')).status).toBe(400);
    const cash = await call('GET', '/Reports/TrialBalance?date=2026-05-31&paymentsOnly=true');
    expect([cash.status, cash.body.Message]).toEqual([400, expect.stringMatching(/cash basis/)]);
  });
});
