// What running a mapping on one record gives the sync engine, and what it needs to run it.
import type { AdapterContext, X3Adapter, XeroAdapter } from '../../adapters/adapter-contract';
import type { CanonicalEntity, CanonicalRecord, DecimalString, IsoDate } from '../../canonical';

/** A lookup that had no entry for the record's key: the record waits until it is added. */
export interface MissingLookup {
  table: string;
  /** The key parts read from the record, in the table's keyFields order. */
  key: string[];
  /** The target field the lookup feeds (`lineItems[2].accountCode`). */
  field: string;
}

/** One validation failure: which record, which field, which rule, and why. */
export interface RecordError {
  record: string;
  field: string;
  rule: string;
  message: string;
}

export interface MappingWarning {
  field: string;
  message: string;
}

export type MappingOutcome =
  | { kind: 'mapped'; payload: Record<string, unknown>; canonical: CanonicalRecord; warnings: MappingWarning[] }
  /**
   * `canonical`: the source record as read, when the wait is for a lookup entry (not for a record
   * the adapter could not resolve): what reconciliation keeps of a record that cannot go on yet.
   */
  | { kind: 'waiting'; missing: MissingLookup[]; canonical?: CanonicalRecord }
  | { kind: 'invalid'; errors: RecordError[] }
  | { kind: 'skipped'; reason: string };

/** The adapters per system and entity; the caller builds it from libs/mapping/src/adapters. */
export interface AdapterRegistry {
  x3: { [E in CanonicalEntity]?: X3Adapter<E> };
  xero: { [E in CanonicalEntity]?: XeroAdapter<E> };
}

/** Xero Organisation.PeriodLockDate and EndOfYearLockDate, as 'YYYY-MM-DD'. */
export interface LockDates {
  periodLockDate?: IsoDate;
  endOfYearLockDate?: IsoDate;
}

/**
 * A named rate source: the rate for one unit of `currency` in `baseCurrency` (X3's direction,
 * like ExchangeRate.rate) on `date`, or undefined when the source has none.
 */
export type NamedRateLookup = (
  source: string,
  currency: string,
  baseCurrency: string,
  date: IsoDate,
) => DecimalString | undefined;

export interface MappingRunContext {
  adapters: AdapterRegistry;
  adapterContext: AdapterContext;
  lockDates?: LockDates;
  rateFor?: NamedRateLookup;
  /** How errors name the record; defaults to the canonical record's key. */
  recordId?: string;
}
