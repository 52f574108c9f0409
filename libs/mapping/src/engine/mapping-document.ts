// The mapping document: one versioned JSON document per integration, entity and direction. It
// says how the target adapter's default payload is reshaped: field mappings, lookup tables,
// a status map, defaults and options. Plain JSON so it can be stored, diffed and edited in the
// browser; `validateMappingDocument` checks it strictly and `compileMapping` turns it into
// closures once per version.
import type { CanonicalEntity } from '../canonical';
import type { MappingDirection } from '../adapters/adapter-contract';

export const MAPPING_DOCUMENT_SCHEMA = 1;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A path into the canonical record (origin 'canonical', the default) or the raw source record
 * (origin 'source'): dot-separated names, `name[n]` for a fixed index and, in a line mapping,
 * `lines[]` (canonical) or e.g. `ITMLIN[]` (source) for the line at the same index as the
 * target line. Examples: `partyKey`, `exchangeRate.rate`, `lines[].productAccountingCode`.
 */
export type SourcePath = string;

/**
 * A path into the target payload (the xero-node model's camelCase fields for Xero, X3 field
 * names for X3): `invoiceNumber`, `contact.contactNumber`, `lineItems[].accountCode`,
 * `lineItems[].tracking[0]`. At most one `[]`: a mapping with one runs once per target line,
 * and `[]` in its source paths means the canonical/source line at that index.
 */
export type TargetPath = string;

/** Where a mapped value comes from. */
export type ValueSource =
  /** A plain copy of a source field. */
  | { kind: 'copy'; from: SourcePath; origin?: 'canonical' | 'source' }
  /** A constant. `null` removes the field from the payload. */
  | { kind: 'constant'; value: JsonValue }
  /**
   * A lookup: the key parts are read from the canonical record (same path rules as copy) and
   * matched against the table's entries; `field` picks one value field (omitted: the whole
   * value object, e.g. a tracking `{ name, option }`). A miss makes the record wait for mapping.
   */
  | { kind: 'lookup'; table: string; key: SourcePath[]; field?: string }
  /**
   * A JSONata expression. Its input `$` is the canonical record; bindings: `$line` (the
   * canonical line in a line mapping), `$source` (the raw source record), `$target` (the
   * payload as built so far, read-only), `$lookupTable(name, key)`
   * (key: a string or an array of strings; returns the value object or undefined).
   */
  | { kind: 'expression'; expression: string };

export interface FieldMapping {
  target: TargetPath;
  source: ValueSource;
  /** 'set' (default) replaces the adapter's value; 'default' writes only where it is empty. */
  mode?: 'set' | 'default';
  /** The mapped value must be present and non-empty, or the record is invalid (rule 'required'). */
  required?: boolean;
  /** Free text for the mapping studio. */
  note?: string;
}

/**
 * What a lookup table translates. Each kind names the value fields it must carry, so the
 * studio and validator know their shape:
 * - gl-account: X3 account (or product accounting code + tax rule) → `accountCode`
 * - tax-type: X3 tax rule + tax code → `taxType`
 * - site: X3 site / warehouse → `value` (e.g. a Xero tracking option or location)
 * - tracking: X3 analytic dimension or project → `name` (tracking category) + `option`
 * - bank-account: payment method or X3 bank → `accountCode` (the Xero bank account's Code)
 * - custom: any value fields
 */
export type LookupKind = 'gl-account' | 'tax-type' | 'site' | 'tracking' | 'bank-account' | 'custom';

export const LOOKUP_VALUE_FIELDS: Record<LookupKind, readonly string[]> = {
  'gl-account': ['accountCode'],
  'tax-type': ['taxType'],
  site: ['value'],
  tracking: ['name', 'option'],
  'bank-account': ['accountCode'],
  custom: [],
};

export interface LookupEntry {
  /** One string per key field, in `keyFields` order; `*` matches any value (less specific). */
  key: string[];
  value: Record<string, string>;
}

export interface LookupTable {
  /** Unique in the document: `[a-z0-9][a-z0-9_-]*`. */
  name: string;
  kind: LookupKind;
  /** Names of the key parts, e.g. `['accountingCode', 'taxRule']` for a composite key. */
  keyFields: string[];
  entries: LookupEntry[];
  /** Case-insensitive key matching (default false: keys compare exactly). */
  ignoreCase?: boolean;
}

/** The only statuses a mapping may send to Xero: PAID comes from payments and allocations. */
export const MAPPABLE_XERO_STATUSES = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'VOIDED', 'DELETED'] as const;
export type MappableXeroStatus = (typeof MAPPABLE_XERO_STATUSES)[number];

/** A status map target: a status to write, or 'skip' (the record is not sent: outcome skipped). */
export type StatusTarget = MappableXeroStatus | 'skip';

export interface StatusMap {
  /** Where the source status is read (canonical path). Default `sourceStatus`. */
  from?: SourcePath;
  /** Where the status is written. Default `status`. */
  target?: TargetPath;
  /** Source status code → target status. */
  entries: Record<string, StatusTarget>;
  /** An unlisted status: 'keep' the adapter's status (default), 'skip', or a status. */
  otherwise?: StatusTarget | 'keep';
}

/** How a missing due date is derived from the document date. */
export type DueDateRule =
  | { rule: 'days-after-invoice-date'; days: number }
  | { rule: 'day-of-following-month'; day: number }
  | { rule: 'end-of-month' }
  | { rule: 'end-of-following-month' };

/** Xero's PaymentTermType values (contact default payment terms). */
export const XERO_PAYMENT_TERM_TYPES = [
  'DAYSAFTERBILLDATE',
  'DAYSAFTERBILLMONTH',
  'OFCURRENTMONTH',
  'OFFOLLOWINGMONTH',
] as const;
export type XeroPaymentTermType = (typeof XERO_PAYMENT_TERM_TYPES)[number];

export interface PaymentTermDefault {
  day: number;
  type: XeroPaymentTermType;
}

export interface MappingDefaults {
  /** Applied to documents whose payload has no due date (target `dueDate`). */
  dueDate?: DueDateRule;
  /** Applied to contacts whose payload has no payment terms (target `paymentTerms`). */
  paymentTerms?: { sales?: PaymentTermDefault; bills?: PaymentTermDefault };
}

/**
 * Which exchange rate a foreign-currency document is sent at: the source document's own rate
 * (default), or a named rate source given to the engine at run time; reconciliation reports
 * the differences a named source causes.
 */
export type RateSource = { kind: 'document' } | { kind: 'named'; name: string };

export interface MappingOptions {
  rateSource?: RateSource;
  /**
   * A JSONata condition on the canonical record: records for which it is not true are skipped
   * with `reason` (e.g. "only posted invoices").
   */
  filter?: { expression: string; reason?: string };
  /**
   * Analytic dimensions → Xero tracking: a lookup table of kind 'tracking' keyed
   * (dimension type, dimension) giving `{ name, option }`. Every tracking pair of the payload's
   * lines goes through it; a dimension type the table never mentions is not tracked in Xero, a
   * value it lacks makes the record wait for mapping. Without it, dimensions are sent as they are.
   */
  tracking?: { table: string };
}

export interface MappingDocument {
  schema: typeof MAPPING_DOCUMENT_SCHEMA;
  entity: CanonicalEntity;
  direction: MappingDirection;
  /** Applied in order after the status map (a later mapping sees earlier ones); defaults then fill what is still empty. */
  fields: FieldMapping[];
  lookups: LookupTable[];
  statusMap?: StatusMap;
  defaults?: MappingDefaults;
  options?: MappingOptions;
  description?: string;
}
