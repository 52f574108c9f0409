// The xero-to-x3 starter templates through the engine: Xero's codes come out as X3's.
import { X3_ADAPTERS } from '../adapters/x3';
import { XERO_ADAPTERS } from '../adapters/xero';
import { compileMapping } from '../engine';
import { runMapping } from '../engine/run/run-mapping';
import { starterTemplate } from './starter-templates';

const context = {
  adapters: { x3: X3_ADAPTERS, xero: XERO_ADAPTERS },
  adapterContext: { baseCurrency: 'AUD', x3Company: 'AU10' },
};

const bill = (taxType: string) => ({
  type: 'ACCPAY',
  invoiceID: 'b-1',
  invoiceNumber: 'SUP-42',
  reference: 'PIHAU0110001',
  contact: { contactNumber: 'AUS01' },
  date: '2026-11-30',
  currencyCode: 'AUD',
  lineAmountTypes: 'Exclusive',
  status: 'AUTHORISED',
  lineItems: [
    { description: 'Paper', quantity: 2, unitAmount: 50, lineAmount: 100, taxAmount: 10, accountCode: '310', taxType },
  ],
  subTotal: 100,
  totalTax: 10,
  total: 110,
});

describe('xero-to-x3 starter templates through the engine (AU)', () => {
  it("gives a bill's lines X3's tax code for Xero's tax type", async () => {
    const outcome = await runMapping(
      compileMapping(starterTemplate('AU', 'bill', 'xero-to-x3')),
      bill('INPUT'),
      context,
    );
    if (outcome.kind !== 'mapped') throw new Error(`not mapped: ${JSON.stringify(outcome)}`);
    const payload = outcome.payload as { lines: Array<Record<string, unknown>> };
    expect(payload).toMatchObject({ billBySupplier: 'AUS01', supplierDocumentNumber: 'SUP-42' });
    expect(payload.lines.map((l) => l.taxCode)).toEqual(['AUG']);
  });

  it('leaves a bill whose tax type the table does not hold waiting for mapping', async () => {
    const outcome = await runMapping(
      compileMapping(starterTemplate('AU', 'bill', 'xero-to-x3')),
      bill('GSTONIMPORTS'),
      context,
    );
    expect(outcome).toMatchObject({
      kind: 'waiting',
      missing: [{ table: 'x3-purchase-tax-code', key: ['GSTONIMPORTS'] }],
    });
  });

  it("gives a payment X3's payment method for the Xero bank account", async () => {
    const payment = {
      paymentID: 'p-1',
      paymentType: 'ACCPAYPAYMENT',
      date: '2026-11-30',
      amount: 110,
      reference: 'PAYAU0110001',
      account: { code: '090' },
      invoice: {
        invoiceID: 'b-1',
        invoiceNumber: 'SUP-42',
        type: 'ACCPAY',
        currencyCode: 'AUD',
        contact: { contactNumber: 'AUS01' },
      },
    };
    const outcome = await runMapping(compileMapping(starterTemplate('AU', 'payment', 'xero-to-x3')), payment, context);
    expect(outcome).toMatchObject({
      kind: 'mapped',
      payload: { paymentMethod: 'TRF', businessPartner: 'AUS01', businessPartnerType: 'supplier' },
    });
  });
});
