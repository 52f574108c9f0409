import type { Customer, Supplier } from '../../canonical';
import { customerXeroAdapter, supplierXeroAdapter } from './parties';
import { XeroAdapterError } from './xero-adapter-error';

const ctx = { baseCurrency: 'EUR' };
const customer: Customer = {
  entity: 'customer',
  key: 'FR001',
  name: 'Boulangerie Martin',
  isActive: true,
  currency: 'EUR',
  taxNumber: 'FR12345678901',
  email: 'compta@martin.test',
  phone: '+33 1 23 45 67 89',
  addresses: [
    { kind: 'delivery', line1: '2 quai Nord', city: 'Lyon', country: 'FR' },
    { kind: 'billing', line1: '1 rue du Four', city: 'Paris', postalCode: '75001', country: 'FR', isDefault: true },
    { kind: 'billing', line1: 'old address', city: 'Paris' },
  ],
};

describe('contacts', () => {
  it('writes a customer as a Contact keyed by ContactNumber, never the read-only IsCustomer', () => {
    const c = customerXeroAdapter.toXero(customer, ctx);
    expect(c).toEqual({
      contactNumber: 'FR001',
      name: 'Boulangerie Martin',
      contactStatus: 'ACTIVE',
      emailAddress: 'compta@martin.test',
      taxNumber: 'FR12345678901',
      defaultCurrency: 'EUR',
      addresses: [
        { addressType: 'POBOX', addressLine1: '1 rue du Four', city: 'Paris', postalCode: '75001', country: 'FR' },
        { addressType: 'STREET', addressLine1: '2 quai Nord', city: 'Lyon', country: 'FR' },
      ],
      phones: [{ phoneType: 'DEFAULT', phoneNumber: '+33 1 23 45 67 89' }],
    });
    expect(c).not.toHaveProperty('isCustomer');
  });

  it('reads the contact back to the same customer (first address of each kind)', () => {
    const back = customerXeroAdapter.fromXero(
      { ...customerXeroAdapter.toXero(customer, ctx), contactID: 'c-1', isCustomer: true },
      ctx,
    );
    expect(back).toEqual({
      ...customer,
      addresses: [
        { kind: 'billing', line1: '1 rue du Four', city: 'Paris', postalCode: '75001', country: 'FR' },
        { kind: 'delivery', line1: '2 quai Nord', city: 'Lyon', country: 'FR' },
      ],
      origin: { system: 'xero', key: 'c-1' },
    });
  });

  it('archives an inactive supplier and refuses a key over 50 characters', () => {
    const supplier: Supplier = { ...customer, entity: 'supplier', isActive: false, addresses: [] };
    expect(supplierXeroAdapter.toXero(supplier, ctx)).toMatchObject({ contactStatus: 'ARCHIVED' });
    expect(
      supplierXeroAdapter.fromXero({ name: 'X', contactID: 'id-9', contactStatus: 'ARCHIVED' }, ctx),
    ).toMatchObject({
      entity: 'supplier',
      key: 'id-9',
      isActive: false,
    });
    const long = { ...supplier, key: 'S'.repeat(51) };
    expect(() => supplierXeroAdapter.toXero(long, ctx)).toThrow(XeroAdapterError);
    expect(() => supplierXeroAdapter.toXero(long, ctx)).toThrow(/51 characters; Xero allows 50/);
  });
});
