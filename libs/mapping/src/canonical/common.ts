// Shared shapes of the canonical model: the plain, JSON-serialisable records that sit between
// Sage X3 and Xero. Plain data (no class instances) so a record can be hashed, stored as a
// snapshot, diffed and read by a JSONata expression as it is.

/**
 * A decimal amount as text: optional '-', digits, optional '.' and digits; no exponent, no
 * grouping ('1234.50', '-0.125'). Money is never a JavaScript number: arithmetic goes through
 * decimal.js (see money/).
 */
export type DecimalString = string;

/** A calendar date, 'YYYY-MM-DD', in the business's own time zone (the date a ledger shows). */
export type IsoDate = string;

/** An instant, UTC ISO-8601 with 'Z'. */
export type IsoInstant = string;

/** ISO 4217 code, upper case ('EUR', 'JPY'). */
export type CurrencyCode = string;

/** Which system a canonical record was read from, and its key there. */
export interface SourceOrigin {
  system: 'x3' | 'xero';
  /** The record's key in that system: BPCNUM, NUM, a Xero ContactID / InvoiceID … */
  key: string;
  /** The source's change marker (X3 _updateStamp, Xero UpdatedDateUTC), when it has one. */
  updatedAt?: IsoInstant;
}

/**
 * Whether the document's prices and line amounts include tax: X3's price basis (PRITYP:
 * excludingTax / includingTax), Xero's LineAmountTypes (Exclusive / Inclusive; NoTax maps to
 * 'exclusive' with zero-rate lines).
 */
export type PriceBasis = 'exclusive' | 'inclusive';

/**
 * The rate of a foreign-currency document, in X3's direction: units of the ledger (base)
 * currency for one unit of the document currency (X3 CHGRAT). Xero's CurrencyRate is the inverse
 * (document units per base unit); money/ converts between the two. Same currency: rate '1'.
 */
export interface ExchangeRate {
  baseCurrency: CurrencyCode;
  rate: DecimalString;
  /** X3 rate type (CHGTYP: dailyRate, monthlyRate, averageRate …), when known. */
  rateType?: string;
}

/** Analytic dimensions: dimension type (X3 DIE, or a Xero tracking category name) → value. */
export type Dimensions = Record<string, string>;

export interface PostalAddress {
  kind: 'billing' | 'delivery';
  code?: string;
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  isDefault?: boolean;
}

/** The footer tax of a document per tax code, as the source computed and rounded it. */
export interface TaxSummary {
  taxCode: string;
  /** Percent, e.g. '20' or '15.000'. */
  rate: DecimalString;
  base: DecimalString;
  amount: DecimalString;
}

/** Document totals in the document currency. */
export interface DocumentTotals {
  subTotal: DecimalString;
  totalTax: DecimalString;
  total: DecimalString;
}
