/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
import { ApiFixture, apiFixture, control } from '../testing/sandbox-harness';

const invoice = (number: string) => ({
  Type: 'ACCREC',
  Contact: { Name: 'Settings test customer' },
  InvoiceNumber: number,
  Date: '2026-11-20',
  DueDate: '2026-12-20',
  Status: 'AUTHORISED',
  LineItems: [{ Description: 'Line', Quantity: 1, UnitAmount: 10, AccountCode: '200', TaxType: 'OUTPUT2' }],
});

describe('Xero sandbox control API: organisation settings', () => {
  let f: ApiFixture;
  beforeAll(async () => (f = await apiFixture('settings')));
  afterAll(async () => f?.sb.close());

  const withNumber = async (number: string) =>
    ((await f.call('GET', `/Invoices?InvoiceNumbers=${number}`)).body.Invoices as unknown[]).length;

  it('keeps invoice numbers unique by default: a second POST of a number updates the first', async () => {
    expect((await f.call('POST', '/Invoices', { Invoices: [invoice('UNIQ-1')] })).status).toBe(200);
    expect((await f.call('POST', '/Invoices', { Invoices: [invoice('UNIQ-1')] })).status).toBe(200);
    expect(await withNumber('UNIQ-1')).toBe(1);
  });

  it('with invoiceNumbersUnique off, writing an invoice twice leaves two, so a duplicate can be counted', async () => {
    const set = await control(f.sb, f.org, 'POST', '/settings', { invoiceNumbersUnique: false });
    expect(set).toMatchObject({ status: 200, body: { invoiceNumbersUnique: false } });
    expect((await f.call('POST', '/Invoices', { Invoices: [invoice('DUP-1')] })).status).toBe(200);
    expect((await f.call('PUT', '/Invoices', { Invoices: [invoice('DUP-1')] })).status).toBe(200);
    expect((await f.call('POST', '/Invoices', { Invoices: [invoice('DUP-1')] })).status).toBe(200);
    expect(await withNumber('DUP-1')).toBe(3);
    // The switch is the sandbox's own: the Organisation Xero answers does not carry it.
    const org = (await f.call('GET', '/Organisation')).body.Organisations[0];
    expect(JSON.stringify(org)).not.toContain('invoiceNumbersUnique');
  });

  it('refuses unknown switches and non-boolean values, and needs the control token', async () => {
    expect((await control(f.sb, f.org, 'POST', '/settings', { nope: true })).status).toBe(400);
    expect((await control(f.sb, f.org, 'POST', '/settings', { invoiceNumbersUnique: 'no' })).status).toBe(400);
    const stranger = { ...f.org, controlToken: 'wrong' };
    expect((await control(f.sb, stranger, 'POST', '/settings', { invoiceNumbersUnique: true })).status).toBe(401);
  });
});
