import type { Customer, PostalAddress, Supplier } from '../../canonical';
import type { AdapterContext } from '../adapter-contract';
import { cut, defined, instant, keyWithin } from './fields';
import type { TypedXeroAdapter, XeroAddress, XeroContact, XeroPhone } from './xero-shapes';

// Customers and suppliers are both Xero Contacts, keyed by ContactNumber (= X3 BP code, ≤ 50,
// API-only in Xero). IsCustomer / IsSupplier are read-only in Xero: it sets them once a sales or
// purchase document names the contact, so the adapters never send them.

export const CONTACT_NUMBER_MAX = 50;
const NAME_MAX = 255;

// Xero's POBOX is the postal (billing) address, STREET the physical (delivery) one.
const ADDRESS_TYPE = { billing: 'POBOX', delivery: 'STREET' } as const;

function addressToXero(a: PostalAddress): XeroAddress {
  return defined({
    addressType: ADDRESS_TYPE[a.kind],
    addressLine1: a.line1,
    addressLine2: a.line2,
    city: a.city,
    region: a.region,
    postalCode: a.postalCode,
    country: a.country,
  });
}

function addressFromXero(a: XeroAddress): PostalAddress | undefined {
  if (!a.addressLine1 && !a.city && !a.postalCode && !a.country) return undefined;
  return defined({
    kind: a.addressType === 'POBOX' ? 'billing' : 'delivery',
    line1: a.addressLine1,
    line2: a.addressLine2,
    city: a.city,
    region: a.region,
    postalCode: a.postalCode,
    country: a.country,
  } satisfies PostalAddress);
}

function contactToXero(p: Customer | Supplier): XeroContact {
  // one address per Xero type: the default (or first) of each kind
  const byType = new Map<string, PostalAddress>();
  for (const a of [...p.addresses].sort((x, y) => Number(!!y.isDefault) - Number(!!x.isDefault))) {
    if (!byType.has(a.kind)) byType.set(a.kind, a);
  }
  const phones: XeroPhone[] | undefined = p.phone ? [{ phoneType: 'DEFAULT', phoneNumber: p.phone }] : undefined;
  return defined({
    contactNumber: keyWithin(p.key, CONTACT_NUMBER_MAX, 'contactNumber'),
    name: cut(p.name, NAME_MAX),
    contactStatus: p.isActive ? 'ACTIVE' : 'ARCHIVED',
    emailAddress: p.email,
    taxNumber: p.taxNumber,
    defaultCurrency: p.currency,
    addresses: byType.size ? [...byType.values()].map(addressToXero) : undefined,
    phones,
  } satisfies XeroContact);
}

function partyFromXero(c: XeroContact) {
  const key = c.contactNumber ?? c.contactID ?? '';
  const phone = c.phones?.find((ph) => ph.phoneType === 'DEFAULT' && ph.phoneNumber)?.phoneNumber;
  return defined({
    key,
    name: c.name ?? '',
    isActive: c.contactStatus !== 'ARCHIVED',
    currency: c.defaultCurrency,
    taxNumber: c.taxNumber || undefined,
    email: c.emailAddress || undefined,
    phone: phone || undefined,
    addresses: (c.addresses ?? []).flatMap((a) => addressFromXero(a) ?? []),
    origin: defined({ system: 'xero' as const, key: c.contactID ?? key, updatedAt: instant(c.updatedDateUTC) }),
  });
}

export const customerXeroAdapter: TypedXeroAdapter<'customer', XeroContact> = {
  entity: 'customer',
  xeroResource: 'Contacts',
  toXero: (c: Customer, _ctx: AdapterContext) => contactToXero(c),
  fromXero: (model: object) => ({ entity: 'customer', ...partyFromXero(model) }),
};

export const supplierXeroAdapter: TypedXeroAdapter<'supplier', XeroContact> = {
  entity: 'supplier',
  xeroResource: 'Contacts',
  toXero: (s: Supplier, _ctx: AdapterContext) => contactToXero(s),
  fromXero: (model: object) => ({ entity: 'supplier', ...partyFromXero(model) }),
};
