// Xero's field rules, checked on the xero-node (camelCase) payload before any write. Lengths are
// the maxLength values of /work/shared/specs/xero/xero_accounting.yaml (components.schemas:
// Contact, Invoice, Item, Account, Address, Phone, TrackingCategory); "at most two tracking
// categories per line" is LineItem.Tracking / ManualJournalLine.Tracking in the same spec and
// reference/xero-api.md §4; ManualJournal requires Narration (schema `required`); Item requires
// Code. Written down with sources in docs/connectors/mapping-engine.md.
import type { CanonicalEntity } from '../../canonical';
import type { RecordError } from '../run/outcome';

type Errors = Omit<RecordError, 'record'>[];
/** Field name → Xero's maxLength. */
type Limits = readonly (readonly [string, number])[];

const CONTACT_LENGTHS: Limits = [
  ['name', 255],
  ['contactNumber', 50],
  ['accountNumber', 50],
  ['firstName', 255],
  ['lastName', 255],
  ['companyNumber', 50],
  ['emailAddress', 255],
  ['taxNumber', 50],
];
const ADDRESS_LENGTHS: Limits = [
  ['addressLine1', 500],
  ['addressLine2', 500],
  ['addressLine3', 500],
  ['addressLine4', 500],
  ['city', 255],
  ['region', 255],
  ['postalCode', 50],
  ['country', 50],
  ['attentionTo', 255],
];
const PHONE_LENGTHS: Limits = [
  ['phoneNumber', 50],
  ['phoneAreaCode', 10],
  ['phoneCountryCode', 20],
];
const ITEM_LENGTHS: Limits = [
  ['code', 30],
  ['name', 50],
  ['description', 4000],
  ['purchaseDescription', 4000],
];
const ACCOUNT_LENGTHS: Limits = [['name', 150]];
const INVOICE_LENGTHS: Limits = [['invoiceNumber', 255]];
const ITEM_CODE_MAX = 30;
const TRACKING_LENGTHS: Limits = [
  ['name', 100],
  ['option', 100],
];

function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'string') return false;
  // most texts start with a visible character: no trimmed copy needed to know they are not blank
  const first = value.charCodeAt(0);
  if (first > 32 && first !== 160 && first < 0x1680) return false;
  return value.trim() === '';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function asList(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map((item) => asRecord(item) ?? {}) : [];
}

export function required(errors: Errors, value: unknown, field: string): void {
  if (isBlank(value)) errors.push({ field, rule: 'required', message: `${field} is required` });
}

function lengths(errors: Errors, object: Record<string, unknown> | undefined, limits: Limits, prefix: string) {
  if (!object) return;
  for (const [name, max] of limits) {
    const value = object[name];
    if (typeof value === 'string' && value.length > max) {
      const field = `${prefix}${name}`;
      errors.push({
        field,
        rule: 'max-length',
        message: `${field} has ${value.length} characters; Xero allows ${max}`,
      });
    }
  }
}

function contactRules(errors: Errors, contact: Record<string, unknown>, prefix: string): void {
  lengths(errors, contact, CONTACT_LENGTHS, prefix);
  asList(contact.addresses).forEach((address, i) =>
    lengths(errors, address, ADDRESS_LENGTHS, `${prefix}addresses[${i}].`),
  );
  asList(contact.phones).forEach((phone, i) => lengths(errors, phone, PHONE_LENGTHS, `${prefix}phones[${i}].`));
}

function trackingRules(errors: Errors, line: Record<string, unknown>, prefix: string): void {
  const tracking = asList(line.tracking);
  if (tracking.length > 2) {
    errors.push({
      field: `${prefix}tracking`,
      rule: 'tracking-categories',
      message: `${tracking.length} tracking categories; Xero allows at most two per line`,
    });
  }
  tracking.forEach((item, i) => lengths(errors, item, TRACKING_LENGTHS, `${prefix}tracking[${i}].`));
}

function documentRules(errors: Errors, payload: Record<string, unknown>, linesField: string): void {
  const contact = asRecord(payload.contact);
  if (!contact || (isBlank(contact.contactID) && isBlank(contact.contactNumber) && isBlank(contact.name))) {
    errors.push({ field: 'contact', rule: 'required', message: 'contact needs a contactID, contactNumber or name' });
  } else contactRules(errors, contact, 'contact.');
  lengths(errors, payload, INVOICE_LENGTHS, '');
  const lines = asList(payload[linesField]);
  if (lines.length === 0) errors.push({ field: linesField, rule: 'required', message: `${linesField} is empty` });
  // Xero approves (SUBMITTED, AUTHORISED) only documents whose lines name an account.
  const approved = payload.status !== undefined && payload.status !== 'DRAFT';
  lines.forEach((line, i) => {
    if (isBlank(line.description) && isBlank(line.itemCode)) {
      errors.push({
        field: `${linesField}[${i}].description`,
        rule: 'required',
        message: 'a line needs a description or an item code',
      });
    }
    if (approved && isBlank(line.accountCode) && isBlank(line.accountID) && isBlank(line.itemCode)) {
      errors.push({
        field: `${linesField}[${i}].accountCode`,
        rule: 'required',
        message: 'an approved document needs an account on every line',
      });
    }
    if (typeof line.itemCode === 'string' && line.itemCode.length > ITEM_CODE_MAX) {
      errors.push({
        field: `${linesField}[${i}].itemCode`,
        rule: 'max-length',
        message: `item code longer than ${ITEM_CODE_MAX}`,
      });
    }
    // the field prefix is built only where it can be needed (most lines have no tracking)
    if (line.tracking !== undefined) trackingRules(errors, line, `${linesField}[${i}].`);
  });
}

/** The field rules for one Xero payload of a canonical entity. */
export function xeroFieldErrors(entity: CanonicalEntity, payload: Record<string, unknown>): Errors {
  const errors: Errors = [];
  switch (entity) {
    case 'customer':
    case 'supplier':
      required(errors, payload.name, 'name');
      contactRules(errors, payload, '');
      break;
    case 'product':
      required(errors, payload.code, 'code');
      lengths(errors, payload, ITEM_LENGTHS, '');
      break;
    case 'account':
      required(errors, payload.code, 'code');
      required(errors, payload.name, 'name');
      lengths(errors, payload, ACCOUNT_LENGTHS, '');
      break;
    case 'invoice':
    case 'bill':
    case 'salesOrder':
    case 'creditNote':
      documentRules(errors, payload, 'lineItems');
      break;
    case 'journal':
      required(errors, payload.narration, 'narration');
      asList(payload.journalLines).forEach((line, i) => {
        required(errors, line.accountCode ?? line.accountID, `journalLines[${i}].accountCode`);
        trackingRules(errors, line, `journalLines[${i}].`);
      });
      break;
    // 'payment': a set of Xero Payments, see xero-payment-rules.ts
    default:
      break;
  }
  return errors;
}
