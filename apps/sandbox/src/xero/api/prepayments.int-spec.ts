/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
// Overpayments and prepayments (xero_accounting.yaml BankTransaction Types RECEIVE-/SPEND-
// OVERPAYMENT|PREPAYMENT, Overpayments, Prepayments and their Allocations), on a US organisation.
import Decimal from 'decimal.js';
import { ApiFixture, apiFixture } from '../testing/sandbox-harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON read in tests

const errorsOf = (res: { body: Json }): string[] =>
  ((res.body?.Allocations ?? res.body?.BankTransactions ?? []) as Json[]).flatMap((e) =>
    ((e.ValidationErrors ?? []) as Json[]).map((v) => String(v.Message)),
  );

describe('Xero sandbox overpayments and prepayments', () => {
  let f: ApiFixture;
  let customerId: string;
  let otherId: string;
  const credit = (Type: string, amount: number, contactId = customerId, extra: Json = {}) =>
    f.call('PUT', '/BankTransactions?summarizeErrors=false', {
      BankTransactions: [
        {
          Type,
          Contact: { ContactID: contactId },
          BankAccount: { Code: '090' },
          Date: '2026-11-20',
          LineAmountTypes: 'NoTax',
          LineItems: [{ Description: 'Advance', Quantity: 1, UnitAmount: amount }],
          Reference: 'PAY-1',
          ...extra,
        },
      ],
    });
  const invoice = async (contactId = customerId) => {
    const res = await f.call('PUT', '/Invoices', {
      Invoices: [
        {
          Type: 'ACCREC',
          Contact: { ContactID: contactId },
          Date: '2026-11-21',
          DueDate: '2026-11-30',
          Status: 'AUTHORISED',
          LineItems: [{ Description: 'Thing', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'TAX001' }],
        },
      ],
    });
    expect(res.status).toBe(200);
    return res.body.Invoices[0] as Json;
  };
  const allocate = (kind: 'Overpayments' | 'Prepayments', id: string, invoiceId: string, Amount: number) =>
    f.call('PUT', `/${kind}/${id}/Allocations?summarizeErrors=false`, {
      Allocations: [{ Invoice: { InvoiceID: invoiceId }, Amount, Date: '2026-11-22' }],
    });

  beforeAll(async () => {
    f = await apiFixture('prepayments', { xero: { minuteLimit: 100_000 } }, 'US');
    const contacts = (await f.call('GET', '/Contacts')).body.Contacts as Json[];
    customerId = contacts.find((c) => c.Name === 'Ridgeway University')!.ContactID;
    otherId = contacts.find((c) => c.Name === 'PowerDirect')!.ContactID;
  });
  afterAll(async () => f?.sb.close());

  it('a RECEIVE-PREPAYMENT creates a Prepayment named on the bank transaction, its whole total as remaining credit', async () => {
    const res = await credit('RECEIVE-PREPAYMENT', 250.05);
    expect(res.status).toBe(200);
    const [bt] = res.body.BankTransactions as Json[];
    expect([bt.StatusAttributeString, bt.Type, bt.Total, bt.Reference]).toEqual([
      'OK',
      'RECEIVE-PREPAYMENT',
      250.05,
      'PAY-1',
    ]);
    const got = await f.call('GET', `/Prepayments/${bt.PrepaymentID}`);
    expect(got.body.Prepayments[0]).toMatchObject({
      Type: 'RECEIVE-PREPAYMENT',
      RemainingCredit: 250.05,
      Total: 250.05,
    });
    const found = await f.call('GET', `/BankTransactions?where=${encodeURIComponent('Reference=="PAY-1"')}`);
    expect((found.body.BankTransactions as Json[]).map((b) => b.BankTransactionID)).toContain(bt.BankTransactionID);
  });

  it('allocates to an invoice of the same contact: RemainingCredit and AmountDue fall to the cent, PAID at zero', async () => {
    const bt = (await credit('RECEIVE-OVERPAYMENT', 30)).body.BankTransactions[0] as Json;
    const inv = await invoice();
    const res = await allocate('Overpayments', bt.OverpaymentID, inv.InvoiceID, 12.34);
    expect([res.status, res.body.Allocations[0].StatusAttributeString, res.body.Allocations[0].Amount]).toEqual([
      200,
      'OK',
      12.34,
    ]);
    const after = (await f.call('GET', `/Overpayments/${bt.OverpaymentID}`)).body.Overpayments[0] as Json;
    expect([after.RemainingCredit, after.Status, after.Allocations.length]).toEqual([17.66, 'AUTHORISED', 1]);
    const paid = (await f.call('GET', `/Invoices/${inv.InvoiceID}`)).body.Invoices[0] as Json;
    const due = new Decimal(String(inv.AmountDue)).minus('12.34').toNumber();
    expect([paid.AmountDue, paid.AmountCredited]).toEqual([due, 12.34]);
    expect((await allocate('Overpayments', bt.OverpaymentID, inv.InvoiceID, 17.66)).status).toBe(200);
    const used = (await f.call('GET', `/Overpayments/${bt.OverpaymentID}`)).body.Overpayments[0] as Json;
    expect([used.RemainingCredit, used.Status]).toEqual([0, 'PAID']);
  });

  it('refuses an allocation beyond the remaining credit, to another contact, and a credit of no amount', async () => {
    const bt = (await credit('RECEIVE-PREPAYMENT', 5)).body.BankTransactions[0] as Json;
    const inv = await invoice();
    expect(errorsOf(await allocate('Prepayments', bt.PrepaymentID, inv.InvoiceID, 5.01))).toEqual([
      'The amount allocated exceeds the remaining credit on the prepayment.',
    ]);
    const theirs = await invoice(otherId);
    expect(errorsOf(await allocate('Prepayments', bt.PrepaymentID, theirs.InvoiceID, 1))).toEqual([
      'The prepayment and the invoice must belong to the same contact.',
    ]);
    expect(errorsOf(await credit('SPEND-OVERPAYMENT', 0, otherId))).toEqual([
      'The overpayment total must be greater than zero.',
    ]);
  });
});
