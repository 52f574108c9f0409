// Per-worker caches a drain reads through: a mapping version compiled once (versions are
// immutable, so the row id is the key), and the Xero organisation's facts for a short while.
import { spec, XeroOrg } from '#lb/connectors/xero';
import { CompiledMapping, compileMapping, LedgerFacts, ledgerDate, MappingDocument } from '#lb/mapping';

/** What the mapping needs of the Xero organisation: base currency, time zone, lock dates. */
export type OrgFacts = LedgerFacts;

type Row = Record<string, unknown>;

/** A small least-recently-used map: Map keeps insertion order, so the first key is the oldest. */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }
}

/** A mapping version that does not compile is every record's dead letter, with this message. */
export type Compiled = { ok: true; mapping: CompiledMapping } | { ok: false; error: string };

export class CompiledMappings {
  private readonly cache: Lru<string, Compiled>;
  constructor(capacity = 200) {
    this.cache = new Lru(capacity);
  }

  of(versionId: string, document: Record<string, unknown>): Compiled {
    const hit = this.cache.get(versionId);
    if (hit) return hit;
    let compiled: Compiled;
    try {
      compiled = { ok: true, mapping: compileMapping(document as unknown as MappingDocument) };
    } catch (e) {
      compiled = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    this.cache.set(versionId, compiled);
    return compiled;
  }
}

/**
 * The organisation's facts, read once per connection and kept `ttlMs` (lock dates change rarely;
 * an unchanged re-drain then costs no call at all).
 */
export class OrgFactsCache {
  private readonly cache = new Lru<string, { facts: OrgFacts; until: number }>(1000);
  constructor(private readonly ttlMs: number) {}

  async of(org: XeroOrg, dayReserve: number): Promise<OrgFacts> {
    const hit = this.cache.get(org.connection.id);
    if (hit && hit.until > Date.now()) return hit.facts;
    const s = spec('organisations');
    const { body } = await org.call({ operation: 'get:organisations', isWrite: false, dayReserve }, (api, t) =>
      s.get(api, t, org.xeroTenantId),
    );
    const o = (((body as Row)[s.wrapper] as Row[] | undefined) ?? [])[0] ?? {};
    const lockDates = {
      periodLockDate: ledgerDate(o.periodLockDate),
      endOfYearLockDate: ledgerDate(o.endOfYearLockDate),
    };
    const facts: OrgFacts = {
      baseCurrency: typeof o.baseCurrency === 'string' ? o.baseCurrency : '',
      timeZone: typeof o.timezone === 'string' ? o.timezone : undefined,
      lockDates,
      lockDate: [lockDates.periodLockDate, lockDates.endOfYearLockDate]
        .filter((d): d is string => !!d)
        .sort()
        .at(-1),
    };
    this.cache.set(org.connection.id, { facts, until: Date.now() + this.ttlMs });
    return facts;
  }

  /** Forget an organisation's facts (a lock-date refusal from Xero means they changed). */
  forget(connectionId: string): void {
    this.cache.set(connectionId, { facts: { baseCurrency: '', lockDates: {} }, until: 0 });
  }
}
