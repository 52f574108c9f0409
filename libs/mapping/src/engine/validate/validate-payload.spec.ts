import type { Customer, Invoice } from '../../canonical';
import { compileMapping } from '../compile/compile-mapping';
import { runMapping } from '../run/run-mapping';
import { fixtureContext, x3Invoice } from '../testing/fixture-adapters';
import { invoiceDocument } from '../testing/invoice-document';
import { validatePayload } from './validate-payload';

const context = { adapterContext: { baseCurrency: 'EUR' } };

function invoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    entity: 'invoice',
    key: 'FAC-1',
    partyKey: 'C1',
    date: '2026-03-15',
    currency: 'EUR',
    priceBasis: 'exclusive',
    status: 'authorised',
    lines: [],
    totals: { subTotal: '30.00', totalTax: '6.00', total: '36.00' },
    ...overrides,
  };
}

function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'ACCREC',
    contact: { contactNumber: 'C1' },
    date: '2026-03-15',
    currencyCode: 'EUR',
    lineAmountTypes: 'Exclusive',
    status: 'AUTHORISED',
    lineItems: [
      { description: 'a', lineAmount: 10, taxAmount: 2, accountCode: '200' },
      { description: 'b', quantity: 2.5, unitAmount: 8, taxAmount: 4, accountCode: '200' },
    ],
    ...overrides,
  };
}

const rules = (errors: { rule: string; field: string }[]) => errors.map((error) => `${error.rule} ${error.field}`);

describe('validatePayload (x3-to-xero)', () => {
  it('accepts a consistent invoice', () => {
    expect(validatePayload('x3-to-xero', invoice(), payload(), context)).toEqual([]);
  });

  it('checks contact lengths from the Xero OpenAPI (ContactNumber ≤ 50, Name ≤ 255, PostalCode ≤ 50)', () => {
    const customer: Customer = { entity: 'customer', key: 'C1', name: 'n', isActive: true, addresses: [] };
    const contact = {
      name: 'x'.repeat(256),
      contactNumber: 'C'.repeat(51),
      addresses: [{ postalCode: '9'.repeat(51) }],
    };
    expect(rules(validatePayload('x3-to-xero', customer, contact, context))).toEqual([
      'max-length name',
      'max-length contactNumber',
      'max-length addresses[0].postalCode',
    ]);
    expect(rules(validatePayload('x3-to-xero', customer, { contactNumber: 'C1' }, context))).toEqual(['required name']);
  });

  it('checks item code ≤ 30 and name ≤ 50', () => {
    const product = {
      entity: 'product',
      key: 'P',
      name: 'n',
      isActive: true,
      isSold: true,
      isPurchased: false,
    } as const;
    const errors = validatePayload('x3-to-xero', product, { code: 'P'.repeat(31), name: 'N'.repeat(51) }, context);
    expect(rules(errors)).toEqual(['max-length code', 'max-length name']);
  });

  it('allows at most two tracking categories per line, and needs an account on approved documents', () => {
    const tracking = [
      { name: 'A', option: '1' },
      { name: 'B', option: '2' },
      { name: 'C', option: '3' },
    ];
    const body = payload({
      lineItems: [
        { description: 'a', lineAmount: 10, taxAmount: 2, accountCode: '200', tracking },
        { description: 'b', lineAmount: 20, taxAmount: 4 },
      ],
    });
    expect(rules(validatePayload('x3-to-xero', invoice(), body, context))).toEqual([
      'tracking-categories lineItems[0].tracking',
      'required lineItems[1].accountCode',
    ]);
    expect(validatePayload('x3-to-xero', invoice(), { ...body, status: 'DRAFT' }, context)).not.toContainEqual(
      expect.objectContaining({ rule: 'required', field: 'lineItems[0].accountCode' }),
    );
  });

  it('needs a contact, lines, and an invoice number ≤ 255', () => {
    const errors = validatePayload(
      'x3-to-xero',
      invoice(),
      payload({ contact: {}, lineItems: [], invoiceNumber: 'N'.repeat(256) }),
      context,
    );
    expect(rules(errors)).toEqual(['required contact', 'max-length invoiceNumber', 'required lineItems']);
  });

  it('never sends a foreign-currency document at rate 1, nor without its rate', () => {
    const usd = invoice({ currency: 'USD' });
    expect(
      rules(validatePayload('x3-to-xero', usd, payload({ currencyCode: 'USD', currencyRate: 1 }), context)),
    ).toEqual(['currency-rate currencyRate']);
    expect(rules(validatePayload('x3-to-xero', usd, payload({ currencyCode: 'USD' }), context))).toEqual([
      'currency-rate currencyRate',
    ]);
    expect(
      validatePayload('x3-to-xero', usd, payload({ currencyCode: 'USD', currencyRate: 1.086957 }), context),
    ).toEqual([]);
    expect(rules(validatePayload('x3-to-xero', invoice(), payload({ currencyRate: 1.2 }), context))).toEqual([
      'currency-rate currencyRate',
    ]);
  });

  it("checks that the lines' tax adds up to the document's tax and the lines to its total, to the cent", () => {
    const off = invoice({ totals: { subTotal: '30.00', totalTax: '6.01', total: '36.01' } });
    expect(validatePayload('x3-to-xero', off, payload(), context)).toEqual([
      expect.objectContaining({ rule: 'tax-total', message: expect.stringContaining('6.00') }),
      expect.objectContaining({ rule: 'document-total', message: expect.stringContaining('36.01') }),
    ]);
    const inclusive = invoice({ totals: { subTotal: '25.00', totalTax: '6.00', total: '30.00' } });
    expect(validatePayload('x3-to-xero', inclusive, payload({ lineAmountTypes: 'Inclusive' }), context)).toEqual([]);
  });

  it('refuses a document dated on or before a lock date', () => {
    const locked = { ...context, lockDates: { periodLockDate: '2026-03-15', endOfYearLockDate: '2025-12-31' } };
    expect(validatePayload('x3-to-xero', invoice(), payload(), locked)).toEqual([
      {
        field: 'date',
        rule: 'lock-date',
        message: "dated 2026-03-15, on or before the organisation's period lock date 2026-03-15",
      },
    ]);
    const yearEnd = { ...context, lockDates: { endOfYearLockDate: '2026-06-30' } };
    expect(rules(validatePayload('x3-to-xero', invoice(), payload(), yearEnd))).toEqual(['lock-date date']);
    const open = { ...context, lockDates: { periodLockDate: '2026-03-14' } };
    expect(validatePayload('x3-to-xero', invoice(), payload(), open)).toEqual([]);
  });

  it('reaches runMapping: an invalid record names the record, field and rule', async () => {
    const compiled = compileMapping(invoiceDocument());
    const source = x3Invoice(1) as unknown as Record<string, unknown>;
    const outcome = await runMapping(compiled, source, fixtureContext({ lockDates: { periodLockDate: '2026-12-31' } }));
    expect(outcome).toEqual({
      kind: 'invalid',
      errors: [expect.objectContaining({ record: 'FAC-0001', field: 'date', rule: 'lock-date' })],
    });
  });
});
