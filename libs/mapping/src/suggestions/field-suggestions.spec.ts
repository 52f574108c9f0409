import { x3Fields, xeroFields } from './field-catalogues';
import { fieldWords, suggestFields, typeOfSamples } from './field-suggestions';

const customers = [
  {
    code: { _id: 'NZ001' },
    companyName: 'Auckland Tech',
    email: 'ap@auckland.example',
    currency: { _id: 'NZD' },
    creditLimit: 5000,
    isActive: true,
    taxRule: 'NZL',
  },
  {
    code: { _id: 'AU001' },
    companyName: 'Sydney Office',
    email: 'accounts@sydney.example',
    currency: { _id: 'AUD' },
    creditLimit: 0,
    isActive: true,
    taxRule: 'AUS',
  },
];

describe('field catalogues', () => {
  it("reads Xero's model attributes, lines under their array, without the ids Xero assigns", () => {
    const contact = xeroFields('Contact').map((f) => f.path);
    expect(contact).toEqual(
      expect.arrayContaining(['name', 'emailAddress', 'contactNumber', 'defaultCurrency', 'taxNumber']),
    );
    expect(contact).not.toContain('contactID');
    const invoice = xeroFields('Invoice');
    expect(invoice).toContainEqual({ path: 'lineItems[].unitAmount', type: 'number' });
    expect(invoice).toContainEqual({ path: 'dueDate', type: 'date' });
  });

  it('types X3 fields from sample records (references by their id)', () => {
    const fields = x3Fields('customer', customers as never);
    expect(fields.find((f) => f.path === 'email')).toMatchObject({
      type: 'string',
      samples: ['ap@auckland.example', 'accounts@sydney.example'],
    });
    expect(fields.find((f) => f.path === 'creditLimit')).toMatchObject({ type: 'number' });
    expect(fields.find((f) => f.path === 'currency')).toMatchObject({ samples: ['NZD', 'AUD'] });
    expect(typeOfSamples(['2026-01-31', '2026-02-01'])).toBe('date');
  });
});

describe('suggestFields', () => {
  const proposals = suggestFields(x3Fields('customer', customers as never), xeroFields('Contact'), 'customer');
  const target = (source: string) => proposals.find((p) => p.source.key === source)?.target.key;

  it('pairs X3 customer fields with Xero contact fields by their words, types and samples', () => {
    expect(fieldWords('companyName')).toEqual(fieldWords('name'));
    expect(target('companyName')).toBe('name');
    expect(target('email')).toBe('emailAddress');
    expect(target('currency')).toBe('defaultCurrency');
    expect(target('code')).toBe('contactNumber');
    const email = proposals.find((p) => p.source.key === 'email')!;
    expect(email.reasons).toContain('sample values are e-mail addresses (ap@auckland.example)');
    expect(email).toMatchObject({ kind: 'fields', scope: 'customer' });
  });

  it('pairs lines only with lines, one target each', () => {
    const invoice = suggestFields(
      [
        { path: 'lines[].netPrice', type: 'number' },
        { path: 'lines[].quantityInSalesUnitInvoiced', type: 'number' },
        { path: 'reference' },
      ],
      xeroFields('Invoice'),
      'invoice',
    );
    expect(invoice.find((p) => p.source.key === 'lines[].netPrice')?.target.key).toBe('lineItems[].unitAmount');
    expect(invoice.find((p) => p.source.key === 'lines[].quantityInSalesUnitInvoiced')?.target.key).toBe(
      'lineItems[].quantity',
    );
    expect(invoice.find((p) => p.source.key === 'reference')?.target.key).toBe('reference');
    const targets = invoice.map((p) => p.target.key);
    expect(new Set(targets).size).toBe(targets.length);
  });

  it('learns from a decision: a rejected pair is not proposed again', () => {
    const again = suggestFields(x3Fields('customer', customers as never), xeroFields('Contact'), 'customer', [
      {
        kind: 'fields',
        scope: 'customer',
        sourceKey: 'email',
        targetKey: 'emailAddress',
        decision: 'rejected',
        here: true,
      },
    ]);
    expect(again.find((p) => p.source.key === 'email')?.target.key).not.toBe('emailAddress');
  });
});
