// Customers (BPCUSTOMER) and suppliers (BPSUPPLIER). The partner code is the key both ways and
// becomes Xero's ContactNumber.
import type { Customer, PostalAddress, Supplier } from '../../canonical';
import type { X3Adapter, X3Shape } from '../adapter-contract';
import { collectionOf } from './x3-document-parts';
import { originOf } from './x3-origin';
import { boolOf, compact, dec, linesOf, refKey, requiredText, text } from './x3-values';

/**
 * BP addresses (BPADDRESS). X3 addresses serve any purpose; the default one (BPAADDFLG, or the
 * partner's default address code) is the billing address, the others are delivery addresses.
 */
function addressesOf(record: X3Shape): PostalAddress[] {
  const rows = linesOf(record).length > 0 ? linesOf(record) : collectionOf(record, 'addresses');
  const defaultCode = text(record.defaultAddress);
  return rows.map((a) => {
    const isDefault = boolOf(a.isDefault, false) || (defaultCode !== undefined && a.code === defaultCode);
    return compact({
      kind: isDefault ? 'billing' : 'delivery',
      code: text(a.code),
      line1: text(a.addressLine1),
      line2: text(a.addressLine2),
      city: text(a.city),
      region: text(a.state),
      postalCode: text(a.zipCode),
      country: text(a.country),
      isDefault,
    } satisfies PostalAddress);
  });
}

/** The telephone of the default address (X3 keeps phone numbers per address). */
function defaultPhone(record: X3Shape): string | undefined {
  const rows = linesOf(record).length > 0 ? linesOf(record) : collectionOf(record, 'addresses');
  const main = rows.find((a) => boolOf(a.isDefault, false)) ?? rows[0];
  return main ? text(main.phone) : undefined;
}

function x3Addresses(addresses: PostalAddress[]): X3Shape[] | undefined {
  if (addresses.length === 0) return undefined;
  return addresses.map((a, i) =>
    compact({
      code: a.code ?? `A${i + 1}`,
      addressLine1: a.line1,
      addressLine2: a.line2,
      city: a.city,
      state: a.region,
      zipCode: a.postalCode,
      country: a.country,
      isDefault: a.isDefault ?? a.kind === 'billing',
    }),
  );
}

export const x3CustomerAdapter: X3Adapter<'customer'> = {
  entity: 'customer',
  x3Entity: 'customer',
  fromX3(record) {
    const key = requiredText(record.code ?? record._id, 'customer code (BPCNUM)');
    const addresses = addressesOf(record);
    return compact({
      entity: 'customer',
      key,
      name: text(record.companyName) ?? key,
      isActive: boolOf(record.isActive, true),
      currency: refKey(record.currency),
      taxNumber: text(record.europeanUnionVatNumber),
      email: text(record.email),
      phone: defaultPhone(record),
      paymentTerm: text(record.paymentTerm),
      taxRule: text(record.taxRule),
      category: text(record.category),
      creditLimit: dec(record.creditLimit),
      addresses,
      origin: originOf(record, key),
    } satisfies Customer);
  },
  toX3(customer) {
    const billing = customer.addresses.find((a) => a.kind === 'billing');
    return compact({
      code: customer.key,
      companyName: customer.name,
      isActive: customer.isActive,
      category: customer.category,
      currency: customer.currency,
      taxRule: customer.taxRule,
      paymentTerm: customer.paymentTerm,
      creditLimit: customer.creditLimit,
      email: customer.email,
      defaultAddress: billing ? (billing.code ?? `A${customer.addresses.indexOf(billing) + 1}`) : undefined,
      addresses: x3Addresses(customer.addresses),
    });
  },
};

export const x3SupplierAdapter: X3Adapter<'supplier'> = {
  entity: 'supplier',
  x3Entity: 'supplier',
  fromX3(record) {
    const key = requiredText(record.code ?? record._id, 'supplier code (BPSNUM)');
    return compact({
      entity: 'supplier',
      key,
      name: text(record.companyName) ?? key,
      isActive: boolOf(record.isActive, true),
      currency: refKey(record.currency),
      taxNumber: text(record.europeanUnionVatNumber),
      paymentTerm: text(record.paymentTerm),
      taxRule: text(record.taxRule),
      category: text(record.category),
      isPaymentBlocked: record.isPaymentBlocked === undefined ? undefined : boolOf(record.isPaymentBlocked, false),
      addresses: addressesOf(record),
      origin: originOf(record, key),
    } satisfies Supplier);
  },
  toX3(supplier) {
    return compact({
      code: supplier.key,
      companyName: supplier.name,
      isActive: supplier.isActive,
      category: supplier.category,
      currency: supplier.currency,
      taxRule: supplier.taxRule,
      paymentTerm: supplier.paymentTerm,
      isPaymentBlocked: supplier.isPaymentBlocked,
    });
  },
};
