import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
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
export async function findContact(s: OrgSession, input: Doc): Promise<Doc | undefined> {
  if (input.ContactID) return s.get('Contact', input.ContactID);
  const all = await s.all('Contact');
  if (input.ContactNumber) {
    const byNumber = all.find((c) => c.ContactNumber === input.ContactNumber);
    if (byNumber) return byNumber;
  }
  if (input.Name) return all.find((c) => sameName(c.Name, String(input.Name)));
  return undefined;
}

export async function saveContact(
  s: OrgSession,
  input: Doc,
  existing: Doc | undefined,
  createOnly = false,
): Promise<Doc> {
  if (input.ContactID && !existing) throw notFound(`Contact ${input.ContactID} was not found`);
  if (createOnly && existing)
    throw invalid(
      `The contact name ${input.Name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
    );
  const merged: Doc = { ...(existing ?? {}) };
  for (const key of EDITABLE) if (input[key] !== undefined) merged[key] = input[key];
  const errors: string[] = [];
  if (!merged.Name || !String(merged.Name).trim()) errors.push('The contact name must be specified.');
  else if (String(merged.Name).length > 255) errors.push('The contact name must be 255 characters or less.');
  else {
    const clash = (await s.all('Contact')).find(
      (c) => c.ContactID !== merged.ContactID && sameName(c.Name, merged.Name),
    );
    if (clash)
      errors.push(
        `The contact name ${merged.Name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
      );
  }
  if (merged.ContactNumber !== undefined && String(merged.ContactNumber).length > 50)
    errors.push('The ContactNumber must be 50 characters or less.');
  if (merged.AccountNumber !== undefined && String(merged.AccountNumber).length > 50)
    errors.push('The AccountNumber must be 50 characters or less.');
  if (merged.EmailAddress && !/^[^@\s]+@[^@\s]+$/.test(merged.EmailAddress))
    errors.push('Email address must be valid.');
  if (merged.ContactStatus && !['ACTIVE', 'ARCHIVED', 'GDPRREQUEST'].includes(merged.ContactStatus))
    errors.push('ContactStatus is not valid.');
  if (errors.length) throw invalid(...errors);
  const doc: Doc = {
    ContactID: merged.ContactID ?? randomUUID(),
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
): Promise<Doc> {
  if (!ref || (!ref.ContactID && !ref.Name && !ref.ContactNumber))
    throw invalid('A Contact must be specified for this type of transaction');
  let contact = await findContact(s, ref);
  if (!contact) {
    if (ref.ContactID) throw invalid(`The contact with ContactID ${ref.ContactID} could not be found.`);
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

export function contactSummary(c: Doc): Doc {
  const out: Doc = {
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
