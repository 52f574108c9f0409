import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { text } from '../core/json';
import { ContactRecord, ContactSummaryRecord } from './records';
import { invalid, notFound } from '../core/xero-errors';
import { msDate } from '../core/ms-date';

const EDITABLE = [
  'ContactNumber',
  'AccountNumber',
  'ContactStatus',
  'Name',
  'FirstName',
  'LastName',
  'CompanyNumber',
  'EmailAddress',
  'ContactPersons',
  'BankAccountDetails',
  'TaxNumber',
  'AccountsReceivableTaxType',
  'AccountsPayableTaxType',
  'Addresses',
  'Phones',
  'DefaultCurrency',
  'SalesDefaultAccountCode',
  'PurchasesDefaultAccountCode',
  'PaymentTerms',
];

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Finds the contact a POST means: by ContactID, else ContactNumber, else Name (names are unique). */
export async function findContact(s: OrgSession, input: Doc): Promise<ContactRecord | undefined> {
  if (input.ContactID) return s.get('Contact', input.ContactID);
  const all = await s.all('Contact');
  const number = text(input.ContactNumber);
  if (number) {
    const byNumber = all.find((c) => c.ContactNumber === number);
    if (byNumber) return byNumber;
  }
  const name = text(input.Name);
  if (name) return all.find((c) => sameName(c.Name, name));
  return undefined;
}

export async function saveContact(
  s: OrgSession,
  input: Doc,
  existing: ContactRecord | undefined,
  createOnly = false,
): Promise<ContactRecord> {
  if (input.ContactID && !existing) throw notFound(`Contact ${text(input.ContactID)} was not found`);
  if (createOnly && existing)
    throw invalid(
      `The contact name ${text(input.Name)} is already assigned to another contact. The contact name must be unique across all active contacts.`,
    );
  const merged: Doc = { ...(existing ?? {}) };
  for (const key of EDITABLE) if (input[key] !== undefined) merged[key] = input[key];
  const errors: string[] = [];
  const name = text(merged.Name) ?? '';
  if (!name.trim()) errors.push('The contact name must be specified.');
  else if (name.length > 255) errors.push('The contact name must be 255 characters or less.');
  else {
    const clash = (await s.all('Contact')).find((c) => c.ContactID !== merged.ContactID && sameName(c.Name, name));
    if (clash)
      errors.push(
        `The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
      );
  }
  if ((text(merged.ContactNumber)?.length ?? 0) > 50) errors.push('The ContactNumber must be 50 characters or less.');
  if ((text(merged.AccountNumber)?.length ?? 0) > 50) errors.push('The AccountNumber must be 50 characters or less.');
  const email = merged.EmailAddress;
  if (email && !(typeof email === 'string' && /^[^@\s]+@[^@\s]+$/.test(email)))
    errors.push('Email address must be valid.');
  const status = merged.ContactStatus;
  if (status && !['ACTIVE', 'ARCHIVED', 'GDPRREQUEST'].includes(text(status) ?? ''))
    errors.push('ContactStatus is not valid.');
  if (errors.length) throw invalid(...errors);
  const doc: ContactRecord = {
    ContactStatus: 'ACTIVE',
    Addresses: [],
    Phones: [],
    ContactGroups: [],
    ContactPersons: [],
    IsSupplier: false,
    IsCustomer: false,
    HasAttachments: false,
    HasValidationErrors: false,
    ...merged,
    ContactID: text(merged.ContactID) ?? randomUUID(),
    Name: name,
    UpdatedDateUTC: msDate(s.now),
  };
  await s.put('Contact', doc.ContactID, doc);
  s.emit({ category: 'CONTACT', type: existing ? 'UPDATE' : 'CREATE', resourceId: doc.ContactID });
  return doc;
}

/** The contact a document names. An unknown Name creates the contact, as Xero does. */
export async function contactForDocument(
  s: OrgSession,
  ref: Doc | undefined,
  role: 'customer' | 'supplier',
  isNew = true,
): Promise<ContactRecord> {
  if (!ref || (!ref.ContactID && !ref.Name && !ref.ContactNumber))
    throw invalid('A Contact must be specified for this type of transaction');
  let contact = await findContact(s, ref);
  if (!contact) {
    if (ref.ContactID) throw invalid(`The contact with ContactID ${text(ref.ContactID)} could not be found.`);
    contact = await saveContact(
      s,
      { Name: ref.Name ?? ref.ContactNumber, ContactNumber: ref.ContactNumber },
      undefined,
    );
  }
  if (isNew && contact.ContactStatus === 'ARCHIVED')
    throw invalid(`The contact '${contact.Name}' is archived and cannot be used on new documents.`);
  const flag = role === 'customer' ? 'IsCustomer' : 'IsSupplier';
  if (!contact[flag]) {
    // Xero flips IsCustomer/IsSupplier without touching UpdatedDateUTC.
    contact = { ...contact, [flag]: true };
    await s.put('Contact', contact.ContactID, contact);
  }
  return contact;
}

export function contactSummary(c: ContactRecord): ContactSummaryRecord {
  const out: ContactSummaryRecord = {
    ContactID: c.ContactID,
    Name: c.Name,
    ContactStatus: c.ContactStatus,
    Addresses: [],
    Phones: [],
    ContactGroups: [],
    ContactPersons: [],
    HasValidationErrors: false,
  };
  if (c.ContactNumber) out.ContactNumber = c.ContactNumber;
  if (c.EmailAddress) out.EmailAddress = c.EmailAddress;
  return out;
}
