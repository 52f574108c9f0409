// The two systems' field catalogues for an entity: X3's are the connector's node specs (the
// properties we read, lines under `lines[]`), typed from sample records; Xero's are xero-node's
// model attribute maps (what the SDK sends), lines under `lineItems[]` / `journalLines[]`.
// Ids Xero assigns itself, nested objects and read-only arrays are left out.
import { X3_ENTITIES, X3EntityName, X3Record } from '#lb/connectors/sage-x3';
import * as XeroModels from 'xero-node';
import type { CanonicalEntity } from '../canonical';
import { FieldFacts, FieldType, typeOfSamples } from './field-suggestions';

interface Catalogue {
  x3: X3EntityName;
  xero: string;
}

export const FIELD_CATALOGUES: Partial<Record<CanonicalEntity, Catalogue>> = {
  customer: { x3: 'customer', xero: 'Contact' },
  supplier: { x3: 'supplier', xero: 'Contact' },
  product: { x3: 'product', xero: 'Item' },
  salesOrder: { x3: 'salesOrder', xero: 'Invoice' },
  invoice: { x3: 'salesInvoice', xero: 'Invoice' },
  creditNote: { x3: 'salesInvoice', xero: 'CreditNote' },
  bill: { x3: 'purchaseInvoice', xero: 'Invoice' },
  payment: { x3: 'payment', xero: 'Payment' },
  journal: { x3: 'journalEntry', xero: 'ManualJournal' },
};

/** The line models Xero documents carry, expanded under their attribute's name. */
const LINE_MODELS = new Set(['LineItem', 'ManualJournalLine']);

type AttributeMap = Array<{ name: string; type: string }>;
const attributes = (model: string): AttributeMap =>
  (XeroModels as unknown as Record<string, { attributeTypeMap?: AttributeMap }>)[model]?.attributeTypeMap ?? [];

function xeroType(type: string): FieldType | undefined {
  if (type === 'string' || type.endsWith('Enum') || type === 'CurrencyCode') return 'string';
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'Date') return 'date';
  return undefined;
}

const xeroAssigned = (name: string) =>
  /ID$|^updatedDate|^has[A-Z]|^validationErrors$|^warnings$|^statusAttributeString$|^xeroNetworkKey$/.test(name);

export function xeroFields(model: string): FieldFacts[] {
  return attributes(model).flatMap(({ name, type }) => {
    if (xeroAssigned(name)) return [];
    const line = /^Array<(\w+)>$/.exec(type)?.[1];
    if (line && LINE_MODELS.has(line))
      return attributes(line).flatMap((a) => {
        const t = xeroType(a.type);
        return t && !xeroAssigned(a.name) ? [{ path: `${name}[].${a.name}`, type: t }] : [];
      });
    const t = xeroType(type);
    // dates travel as text in xero-node's string-typed date fields
    const dated = t === 'string' && /Date$|^date$/.test(name) ? 'date' : t;
    return dated ? [{ path: name, type: dated }] : [];
  });
}

/** Property name of a spec field (`currency { _id }` → currency). */
const propertyOf = (field: string) => field.split(/[\s{]/)[0];

/** A value as sample text: scalars as written, a reference by its id, anything else not at all. */
const scalar = (v: unknown): string | undefined =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
const sampleOf = (value: unknown): string | undefined =>
  value !== null && typeof value === 'object' ? scalar((value as { _id?: unknown })._id) : scalar(value);

/** X3 node fields with up to five sample values each from the records given. */
export function x3Fields(node: X3EntityName, records: readonly X3Record[]): FieldFacts[] {
  const spec = X3_ENTITIES[node];
  const facts = (path: string, values: unknown[]): FieldFacts => {
    const samples = values
      .map(sampleOf)
      .filter((v): v is string => v !== undefined)
      .slice(0, 5);
    return { path, samples, type: typeOfSamples(samples) };
  };
  const header = spec.fields.map(propertyOf).map((p) =>
    facts(
      p,
      records.map((r) => r[p]),
    ),
  );
  const lines = (spec.lines?.fields ?? []).map(propertyOf).map((p) =>
    facts(
      `lines[].${p}`,
      records.flatMap((r) =>
        (Array.isArray(r.lines) ? (r.lines as Array<Record<string, unknown>>) : []).map((l) => l[p]),
      ),
    ),
  );
  return [...header, ...lines];
}
