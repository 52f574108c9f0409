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

  it("reads Xero's NONE as the company's no-tax code, not as an empty key", async () => {
    const outcome = await runMapping(
      compileMapping(starterTemplate('AU', 'bill', 'xero-to-x3')),
      bill('NONE'),
      context,
    );
    if (outcome.kind !== 'mapped') throw new Error(`not mapped: ${JSON.stringify(outcome)}`);
    expect((outcome.payload as { lines: Array<{ taxCode: string }> }).lines.map((l) => l.taxCode)).toEqual(['AUF']);
  });

  it("refuses before any write what X3 would: a supplier document number longer than X3's 30", async () => {
    const outcome = await runMapping(
      compileMapping(starterTemplate('AU', 'bill', 'xero-to-x3')),
      { ...bill('INPUT'), invoiceNumber: 'N'.repeat(31) },
      context,
    );
    expect(outcome).toMatchObject({
      kind: 'invalid',
      errors: [{ record: 'PIHAU0110001', field: 'supplierDocumentNumber', rule: 'max-length' }],
    });
  });

  it("makes an ACCPAYCREDIT a supplier credit memo: the credit note's number as the supplier's document number, X3's tax codes", async () => {
    const note = {
      ...bill('INPUT'),
      type: 'ACCPAYCREDIT',
      creditNoteID: 'cn-1',
      creditNoteNumber: 'SCN-7',
      reference: 'returned paper',
      invoiceNumber: undefined,
      lineItems: [
        {
          description: 'Paper',
          quantity: 1,
          unitAmount: 50,
          lineAmount: 50,
          taxAmount: 5,
          accountCode: '310',
          taxType: 'INPUT',
        },
        {
          description: 'Fee',
          quantity: 1,
          unitAmount: 5,
          lineAmount: 5,
          taxAmount: 0,
          accountCode: '310',
          taxType: 'NONE',
        },
      ],
    };
    const outcome = await runMapping(compileMapping(starterTemplate('AU', 'creditNote', 'xero-to-x3')), note, context);
    if (outcome.kind !== 'mapped') throw new Error(`not mapped: ${JSON.stringify(outcome)}`);
    const payload = outcome.payload as { lines: Array<Record<string, unknown>> };
    expect(payload).toMatchObject({
      invoiceType: 'creditMemo',
      billBySupplier: 'AUS01',
      supplierDocumentNumber: 'SCN-7',
    });
    expect(payload.lines.map((l) => l.taxCode)).toEqual(['AUG', 'AUF']);
  });

  it.each([
    ['AUS01', 'AUS01'],
    ['c-1001', 'C_1001'],
    ['S 2002/b', 'S_2002_B'],
  ])("makes ContactNumber %s the X3 partner code %s (upper-case, '_' for what X3 refuses)", async (number, code) => {
    for (const entity of ['customer', 'supplier'] as const) {
      const outcome = await runMapping(
        compileMapping(starterTemplate('AU', entity, 'xero-to-x3')),
        {
          contactID: '0f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0',
          contactNumber: number,
          name: 'Acme',
          isCustomer: true,
          isSupplier: true,
        },
        context,
      );
      if (outcome.kind !== 'mapped') throw new Error(`not mapped: ${JSON.stringify(outcome)}`);
      expect(outcome.payload.code).toBe(code);
    }
  });

  it("codes a contact without a ContactNumber 'X' + its ContactID's first 14 hex digits", async () => {
    const outcome = await runMapping(
      compileMapping(starterTemplate('AU', 'customer', 'xero-to-x3')),
      { contactID: '0f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0', name: 'No Number Ltd', isCustomer: true },
      context,
    );
    if (outcome.kind !== 'mapped') throw new Error(`not mapped: ${JSON.stringify(outcome)}`);
    expect(outcome.payload.code).toBe('X0F8E7D6C5B4A39');
    // an emptied ContactNumber is no number
    const emptied = await runMapping(
      compileMapping(starterTemplate('AU', 'customer', 'xero-to-x3')),
      { contactID: '0f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0', contactNumber: '', name: 'Emptied', isCustomer: true },
      context,
    );
    if (emptied.kind !== 'mapped') throw new Error(`not mapped: ${JSON.stringify(emptied)}`);
    expect(emptied.payload.code).toBe('X0F8E7D6C5B4A39');
  });

  it('refuses a ContactNumber longer than 15 rather than cut it into another code', async () => {
    const outcome = await runMapping(
      compileMapping(starterTemplate('AU', 'customer', 'xero-to-x3')),
      {
        contactID: '0f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0',
        contactNumber: 'ABCDEFGHIJKLMNOP',
        name: 'Long',
        isCustomer: true,
      },
      context,
    );
    expect(outcome.kind).toBe('invalid');
  });

  const payment = (accountCode: string) => ({
    paymentID: 'p-1',
    paymentType: 'ACCPAYPAYMENT',
    date: '2026-11-30',
    amount: 110,
    reference: 'PAYAU0110001',
    account: { code: accountCode },
    invoice: {
      invoiceID: 'b-1',
      invoiceNumber: 'SUP-42',
      type: 'ACCPAY',
      currencyCode: 'AUD',
      contact: { contactNumber: 'AUS01' },
    },
  });
  const resolving = {
    ...context,
    adapterContext: {
      ...context.adapterContext,
      x3KeyOfXeroDocument: (id: string) => (id === 'b-1' ? 'PIH42' : undefined),
    },
  };

  it("gives a payment X3's bank and payment method for the Xero bank account, and the bill's X3 key", async () => {
    const outcome = await runMapping(
      compileMapping(starterTemplate('AU', 'payment', 'xero-to-x3')),
      payment('090'),
      resolving,
    );
    expect(outcome).toMatchObject({
      kind: 'mapped',
      payload: {
        bankAccount: 'AUB01',
        paymentMethod: 'TRF',
        businessPartner: 'AUS01',
        businessPartnerType: 'supplier',
        lines: [{ document: 'PIH42', amount: '110.00' }],
      },
    });
  });

  it("waits for mapping on a bank account the table does not hold (never sends Xero's Code as an X3 bank)", async () => {
    const outcome = await runMapping(
      compileMapping(starterTemplate('AU', 'payment', 'xero-to-x3')),
      payment('091'),
      resolving,
    );
    expect(outcome).toMatchObject({
      kind: 'waiting',
      missing: expect.arrayContaining([{ table: 'x3-bank', key: ['091'], field: 'bankAccount' }]),
    });
  });

  it('waits on a bill the cross-references do not hold', async () => {
    const outcome = await runMapping(
      compileMapping(starterTemplate('AU', 'payment', 'xero-to-x3')),
      payment('090'),
      context,
    );
    expect(outcome).toEqual({
      kind: 'waiting',
      missing: [{ table: 'cross-reference', key: ['bill', 'b-1'], field: 'allocations[0].documentKey' }],
    });
  });
});

describe("a Xero-read payment's bank account Code never becomes X3's bank (BAN)", () => {
  const payment = {
    paymentID: 'p-2',
    paymentType: 'ACCPAYPAYMENT',
    date: '2026-11-30',
    amount: 110,
    account: { code: '090' },
    invoice: { invoiceID: 'b-1', type: 'ACCPAY', currencyCode: 'AUD', contact: { contactNumber: 'AUS01' } },
  };
  const resolving = {
    ...context,
    adapterContext: { ...context.adapterContext, x3KeyOfXeroDocument: () => 'PIH42', x3Site: 'AU011' },
  };

  it('the X3 adapter leaves BAN out; a mapping that sets none is refused before any write, by X3 label', async () => {
    const canonical = XERO_ADAPTERS.payment.fromXero(payment, resolving.adapterContext);
    expect(canonical.bankAccount).toBe('090');
    expect(X3_ADAPTERS.payment.toX3!(canonical, resolving.adapterContext)).not.toHaveProperty('bankAccount');

    const template = starterTemplate('AU', 'payment', 'xero-to-x3');
    const noBank = { ...template, fields: template.fields.filter((f) => f.target !== 'bankAccount') };
    const outcome = await runMapping(compileMapping(noBank), payment, resolving);
    expect(outcome).toMatchObject({
      kind: 'invalid',
      errors: [{ record: 'p-2', field: 'bankAccount', rule: 'required', message: 'Bank (BAN) is mandatory in X3' }],
    });
  });
});
