/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
// GET /Reports/AgedReceivablesByContact and AgedPayablesByContact: per document still owed, what
// it totals, what was paid and credited by the report's date and what is due then (a payment
// after the date does not reduce it), in the spec's ReportWithRows shape; contactId is required.
import {
  ALL_SCOPES,
  api,
  authorize,
  control,
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

/** [number, total, paid, credited, due] of each document row, and the Closing Balance's due. */
function readAged(body: Json): { rows: string[][]; opening: string; closing: string; ids: string[] } {
  const [report] = body.Reports;
  const [, openingSection, docs, closingSection] = report.Rows;
  const rows = docs.Rows.filter((r: Json) => r.RowType === 'Row');
  return {
    rows: rows.map((r: Json) => [1, 4, 5, 6, 7].map((i) => r.Cells[i].Value)),
    ids: rows.map((r: Json) => r.Cells[0].Attributes[0].Value),
    opening: openingSection.Rows[0].Cells[7].Value,
    closing: closingSection.Rows[0].Cells[7].Value,
  };
}

describe('Xero sandbox GET /Reports/Aged{Receivables,Payables}ByContact', () => {
  let sb: Sandbox;
  let org: TestOrg;
  let call: Call;
  let narrow: Call;
  let customer: Json;
  let supplier: Json;
  let invoices: Json[];

  beforeAll(async () => {
    sb = await startSandbox({ xero: { minuteLimit: 100_000 } });
    org = await createOrg(sb, `${uniq('aged')}@example.test`);
    const app = await registerApp(sb, uniq('aged'));
    call = api(
      sb,
      (await authorize(sb, app, org, { scope: `${ALL_SCOPES} accounting.reports.read` })).tokens.access_token,
      org.tenantId,
    );
    narrow = api(sb, (await authorize(sb, app, org)).tokens.access_token, org.tenantId);
    [customer, supplier] = (
      await call('PUT', '/Contacts', { Contacts: [{ Name: uniq('Aged Customer') }, { Name: uniq('Aged Supplier') }] })
    ).body.Contacts;
    const doc = (Type: string, contact: Json, Date: string, UnitAmount: number, InvoiceNumber?: string) => ({
      Type,
      Contact: { ContactID: contact.ContactID },
      Date,
      DueDate: Date,
      Status: 'AUTHORISED',
      ...(InvoiceNumber ? { InvoiceNumber } : {}),
      LineItems: [
        {
          Description: 'Thing',
          Quantity: 1,
          UnitAmount,
          AccountCode: Type === 'ACCREC' ? '200' : '400',
          TaxType: 'NONE',
        },
      ],
    });
    invoices = (
      await call('PUT', '/Invoices', {
        Invoices: [
          doc('ACCREC', customer, '2026-03-01', 100, 'AG-1'),
          doc('ACCREC', customer, '2026-04-01', 200, 'AG-2'),
          doc('ACCREC', customer, '2026-04-05', 50, 'AG-3'),
          doc('ACCPAY', supplier, '2026-04-02', 80, 'SUP-7'),
        ],
      })
    ).body.Invoices;
    const pay = (invoice: Json, Amount: number, Date: string) =>
      call('PUT', '/Payments', {
        Payments: [{ Invoice: { InvoiceID: invoice.InvoiceID }, Account: { Code: '090' }, Amount, Date }],
      });
    // AG-2: 60.00 paid before the date, 140.00 (the rest) after it; AG-3 paid in full before it
    expect((await pay(invoices[1], 60, '2026-04-10')).status).toBe(200);
    expect((await pay(invoices[1], 140, '2026-05-10')).status).toBe(200);
    expect((await pay(invoices[2], 50, '2026-04-06')).status).toBe(200);
    // a credit note of 30.00 allocated to AG-1 on 2026-04-15
    const note = await call('PUT', '/CreditNotes', {
      CreditNotes: [
        {
          ...doc('ACCRECCREDIT', customer, '2026-04-15', 30),
          LineItems: [{ Description: 'Back', Quantity: 1, UnitAmount: 30, AccountCode: '200', TaxType: 'NONE' }],
        },
      ],
    });
    const allocated = await call('PUT', `/CreditNotes/${note.body.CreditNotes[0].CreditNoteID}/Allocations`, {
      Allocations: [{ Invoice: { InvoiceID: invoices[0].InvoiceID }, Amount: 30, Date: '2026-04-15' }],
    });
    expect(allocated.status).toBe(200);
  });
  afterAll(async () => sb?.close());

  it('as at a date: what each document owed then, payments and credits after it not taken off', async () => {
    const res = await call('GET', `/Reports/AgedReceivablesByContact?contactId=${customer.ContactID}&date=2026-04-30`);
    expect(res.status).toBe(200);
    const aged = readAged(res.body);
    expect(aged.rows).toEqual([
      ['AG-1', '100.00', '0.00', '30.00', '70.00'],
      ['AG-2', '200.00', '60.00', '0.00', '140.00'], // the 140.00 of 2026-05-10 comes after the date
    ]);
    expect(aged.ids).toEqual([invoices[0].InvoiceID, invoices[1].InvoiceID]);
    expect([aged.opening, aged.closing]).toEqual(['0.00', '210.00']);
    const [report] = res.body.Reports;
    expect([report.ReportType, report.ReportDate, report.ReportTitles[3]]).toEqual([
      'AgedReceivablesByContact',
      '30 April 2026',
      'Showing payments to 30 April 2026',
    ]);
    // earlier: before the credit note and the first payment; AG-3 (dated later) not yet there
    const early = readAged(
      (await call('GET', `/Reports/AgedReceivablesByContact?contactId=${customer.ContactID}&date=2026-04-02`)).body,
    );
    expect(early.rows).toEqual([
      ['AG-1', '100.00', '0.00', '0.00', '100.00'],
      ['AG-2', '200.00', '0.00', '0.00', '200.00'],
    ]);
    // later: everything on AG-2 paid, only AG-1's 70.00 left
    const late = readAged(
      (await call('GET', `/Reports/AgedReceivablesByContact?contactId=${customer.ContactID}&date=2026-06-30`)).body,
    );
    expect(late.rows).toEqual([['AG-1', '100.00', '0.00', '30.00', '70.00']]);
  });

  it('fromDate moves older documents into the opening balance; toDate leaves later ones out', async () => {
    const q = `contactId=${customer.ContactID}&date=2026-04-30`;
    const from = readAged((await call('GET', `/Reports/AgedReceivablesByContact?${q}&fromDate=2026-03-15`)).body);
    expect([from.rows.map((r) => r[0]), from.opening, from.closing]).toEqual([['AG-2'], '70.00', '210.00']);
    const to = readAged((await call('GET', `/Reports/AgedReceivablesByContact?${q}&toDate=2026-03-31`)).body);
    expect(to.rows.map((r) => r[0])).toEqual(['AG-1']);
  });

  it("payables: the supplier's bills, under a Reference column; the customer's invoices are not there", async () => {
    const res = await call('GET', `/Reports/AgedPayablesByContact?contactId=${supplier.ContactID}&date=2026-04-30`);
    expect(res.status).toBe(200);
    expect(readAged(res.body).rows).toEqual([['SUP-7', '80.00', '0.00', '0.00', '80.00']]);
    expect(res.body.Reports[0].Rows[0].Cells[1].Value).toBe('Reference');
    const none = readAged(
      (await call('GET', `/Reports/AgedPayablesByContact?contactId=${customer.ContactID}&date=2026-04-30`)).body,
    );
    expect([none.rows, none.closing]).toEqual([[], '0.00']);
  });

  it('an invoice edited in Xero without moving UpdatedDateUTC: the report shows the true amount due', async () => {
    const line = (UnitAmount: number) => [
      { Description: 'Thing', Quantity: 1, UnitAmount, AccountCode: '200', TaxType: 'NONE' },
    ];
    const made = await call('PUT', '/Invoices', {
      Invoices: [
        {
          Type: 'ACCREC',
          Contact: { ContactID: customer.ContactID },
          Date: '2026-04-20',
          DueDate: '2026-04-20',
          Status: 'AUTHORISED',
          InvoiceNumber: 'AG-4',
          LineItems: line(40),
        },
      ],
    });
    const before = made.body.Invoices[0];
    const edited = await control(sb, org, 'POST', `/silent-edits/invoices/${before.InvoiceID}`, {
      LineItems: line(45),
    });
    expect([edited.status, edited.body.Total]).toEqual([201, 45]);
    const after = (await call('GET', `/Invoices/${before.InvoiceID}`)).body.Invoices[0];
    expect([after.Total, after.AmountDue, after.UpdatedDateUTC]).toEqual([45, 45, before.UpdatedDateUTC]);
    // an incremental reader asking for changes since just after the old stamp sees nothing
    const since = new Date(Number(/\d+/.exec(before.UpdatedDateUTC)![0]) + 1000).toUTCString();
    const changed = await call('GET', '/Invoices', undefined, { 'If-Modified-Since': since });
    expect(changed.body.Invoices.map((i: Json) => i.InvoiceID)).not.toContain(before.InvoiceID);
    const aged = readAged(
      (await call('GET', `/Reports/AgedReceivablesByContact?contactId=${customer.ContactID}&date=2026-04-30`)).body,
    );
    expect(aged.rows.find((r) => r[0] === 'AG-4')).toEqual(['AG-4', '45.00', '0.00', '0.00', '45.00']);
    // a paid or credited invoice cannot be edited, silently or not (as in Xero)
    const refused = await control(sb, org, 'POST', `/silent-edits/invoices/${invoices[0].InvoiceID}`, {
      LineItems: line(120),
    });
    expect(refused.status).toBe(400);
  });

  it('needs accounting.reports.read (or the granular aged scope) and a contactId; refuses bad dates and unknown contacts', async () => {
    const q = `contactId=${customer.ContactID}&date=2026-04-30`;
    expect((await narrow('GET', `/Reports/AgedReceivablesByContact?${q}`)).status).toBe(401);
    // a granular app's scope admits its report and no other
    const aged = api(
      sb,
      (
        await authorize(sb, await registerApp(sb, uniq('granular')), org, {
          scope: `${ALL_SCOPES} accounting.reports.aged.read`,
        })
      ).tokens.access_token,
      org.tenantId,
    );
    expect((await aged('GET', `/Reports/AgedReceivablesByContact?${q}`)).status).toBe(200);
    expect((await aged('GET', `/Reports/AgedPayablesByContact?contactId=${supplier.ContactID}`)).status).toBe(200);
    expect((await aged('GET', '/Reports/TrialBalance?date=2026-04-30')).status).toBe(401);
    expect((await call('GET', '/Reports/AgedReceivablesByContact?date=2026-04-30')).status).toBe(400);
    expect((await call('GET', "/Reports/AgedPayablesByContact?contactId=' OR 1=1 --")).status).toBe(400);
    expect((await call('GET', `/Reports/AgedReceivablesByContact?${q}&fromDate=yesterday`)).status).toBe(400);
    expect(
      (await call('GET', `/Reports/AgedReceivablesByContact?contactId=${customer.ContactID}&date=30-04-2026`)).status,
    ).toBe(400);
    const unknown = await call(
      'GET',
      '/Reports/AgedReceivablesByContact?contactId=00000000-0000-0000-0000-000000000000',
    );
    expect(unknown.status).toBe(400);
    // another organisation's contact is unknown here
    const other = await createOrg(sb, `${uniq('aged2')}@example.test`);
    const otherApp = await registerApp(sb, uniq('aged2'));
    const otherCall = api(
      sb,
      (await authorize(sb, otherApp, other, { scope: `${ALL_SCOPES} accounting.reports.read` })).tokens.access_token,
      other.tenantId,
    );
    expect((await otherCall('GET', `/Reports/AgedReceivablesByContact?${q}`)).status).toBe(400);
  });

  // last: loading the validator takes seconds
  it("answers in xero_accounting.yaml's ReportWithRows shape", async () => {
    const answers = [];
    for (const [path, contactId] of [
      ['AgedReceivablesByContact', customer.ContactID],
      ['AgedPayablesByContact', supplier.ContactID],
    ]) {
      const query = { contactId, date: '2026-04-30', fromDate: '2026-01-01', toDate: '2026-04-30' };
      answers.push({ path, query, res: await call('GET', `/Reports/${path}?${new URLSearchParams(query)}`) });
    }
    // the validator is loaded after the calls: loading it takes seconds, and an idle keep-alive socket is reset
    const validator = await loadValidator('xero_accounting.yaml');
    for (const { path, query, res } of answers) {
      const { operationId, violations } = validateExchange(
        validator,
        {
          method: 'GET',
          path: `/api.xro/2.0/Reports/${path}`,
          query,
          requestHeaders: { 'xero-tenant-id': org.tenantId },
          requestBody: '',
          status: res.status,
          responseHeaders: {},
          responseBody: res.text,
        },
        '/api.xro/2.0',
      );
      expect([operationId, violations]).toEqual([`getReport${path}`, []]);
    }
  });
});
