// The contract between the systems' shapes and the canonical model. One adapter per entity and
// system; each is a pure, synchronous function of its input and context (no I/O), so the sync
// engine can run it per record without a round trip.
import type { CanonicalEntity, CanonicalOf, CurrencyCode } from '../canonical';

/** What an adapter may know beyond the record itself: facts about the two ledgers. */
export interface AdapterContext {
  /** The X3 company's accounting currency = the Xero organisation's base currency. */
  baseCurrency: CurrencyCode;
  /** X3 company (CPY) the integration mirrors. */
  x3Company?: string;
  /**
   * X3 site (FCY) of that company that documents written to X3 are entered on, when the record
   * names none (payments and journals carry no site; a bill from Xero has none).
   */
  x3Site?: string;
  /** Xero organisation's time zone (IANA), for turning Xero instants into ledger dates. */
  xeroTimeZone?: string;
  /**
   * Decimals per currency (X3 currency CURDEC), where they differ from ISO 4217 minor units: how
   * document tax is rounded and money is written. Absent: ISO 4217 (JPY 0, KWD 3, others 2).
   */
  currencyDecimals?: Record<CurrencyCode, number>;
  /**
   * The X3 folder's analytic dimension types by position (DIE(0), DIE(1) …): X3 takes a line's
   * dimensions by position, so the X3 adapters write dimensions only when this is given.
   */
  x3DimensionTypes?: string[];
  /**
   * xero-to-x3: the X3 key our cross-reference holds for a Xero document id (InvoiceID,
   * CreditNoteID). The caller fills it from sync_cross_references, looked up in bulk before the
   * run (never a database call per record). A Xero payment's allocations are keyed by it; a bill
   * it does not know makes the payment wait on that document (AwaitingReference).
   */
  x3KeyOfXeroDocument?(xeroId: string): string | undefined;
  /**
   * xero-to-x3: the X3 business partner code our cross-reference holds for a Xero ContactID, filled
   * the same way, as a customer or a supplier (one contact may be both, under two X3 codes). A
   * Xero payment names its document's contact by ContactID and Name only.
   */
  x3KeyOfXeroContact?(contactId: string, as: 'customer' | 'supplier'): string | undefined;
}

/** One record of the other system that a record needs before it can be mapped (by its id there). */
export interface AwaitedReference {
  /** Where the answer will come from: 'cross-reference' (sync_cross_references). */
  table: string;
  /** The awaited record: [canonical entity, its id in the source system]. */
  key: string[];
  /** The field it would fill (`allocations[0].documentKey`). */
  field: string;
}

/**
 * Thrown by an adapter when the record refers to another record it cannot key yet (a Xero bill
 * our cross-references do not hold): the mapping engine makes the record 'waiting' on it, not
 * invalid, and it is mapped again once the reference exists.
 */
export class AwaitingReference extends Error {
  constructor(readonly awaited: AwaitedReference[]) {
    super(`waiting for ${awaited.map((a) => `${a.key.join(' ')} (${a.field})`).join(', ')}`);
    this.name = 'AwaitingReference';
  }
}

export type MappingDirection = 'x3-to-xero' | 'xero-to-x3';

/** A record as the X3 connector returns it (X3Record) or as its create/update input. */
export type X3Shape = Record<string, unknown>;
/** A xero-node model instance or plain object of the same shape (Contact, Invoice …). */
export type XeroShape = object;

export interface X3Adapter<E extends CanonicalEntity> {
  entity: E;
  /** The X3 connector entity (X3_ENTITIES key) this adapter reads and writes. */
  x3Entity: string;
  fromX3(record: X3Shape, ctx: AdapterContext): CanonicalOf<E>;
  /** The X3 create/update input; absent where X3 is never written (e.g. stock levels). */
  toX3?(record: CanonicalOf<E>, ctx: AdapterContext): X3Shape;
}

export interface XeroAdapter<E extends CanonicalEntity> {
  entity: E;
  /** The Xero resource written and read (Contacts, Invoices, Items, ManualJournals …). */
  xeroResource: string;
  toXero(record: CanonicalOf<E>, ctx: AdapterContext): XeroShape;
  fromXero(model: XeroShape, ctx: AdapterContext): CanonicalOf<E>;
  /**
   * Optional. True when toXero always returns a fresh plain object: no class instances, no
   * undefined members, no object shared with the canonical record, the context or another call.
   * The mapping engine then uses it as the payload without its defensive deep copy.
   */
  plainOutput?: boolean;
}
