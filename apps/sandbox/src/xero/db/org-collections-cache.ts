import { WireRecord } from '../core/json';
import { EntityKind } from '../domain/records';

export type Collections = Map<EntityKind, Map<string, WireRecord>>;

/** Organisations whose collections are kept (the rest are read from PostgreSQL as before). */
const MAX_ORGS = 24;

/**
 * An organisation's committed collections, kept between requests under the revision that made
 * them (xero_orgs.entity_rev, a new random value with every committed entity write). Before it,
 * every request parsed each collection it touched from PostgreSQL, so a 50-invoice batch into an
 * organisation of 10,000 invoices and contacts took ~3.5 s where it took 1 s when empty — no real
 * Xero slows like that, and the sync bench measured the sandbox instead of the engine.
 *
 * A request uses an entry only when its revision equals the one it read in its own transaction,
 * so several sandbox processes over one database, or a write that never published, cost a read
 * from PostgreSQL, never a stale answer. Documents are frozen: the domain code copies before it
 * changes one (`{ ...doc }`), and a change in place would now throw instead of leaking into other
 * requests.
 */
export class OrgCollectionsCache {
  private readonly entries = new Map<string, { rev: string; kinds: Collections }>();

  /** The collections committed at `rev`, if kept. */
  at(orgId: string, rev: string | null): Collections | undefined {
    if (!rev) return undefined;
    const entry = this.entries.get(orgId);
    if (!entry || entry.rev !== rev) return undefined;
    // most recently used last (the first is dropped when full)
    this.entries.delete(orgId);
    this.entries.set(orgId, entry);
    return entry.kinds;
  }

  /**
   * Keeps what a committed transaction knew at `rev`: the collections it loaded (or changed), and
   * those kept under `baseRev` it did not touch — still true at `rev`, since it wrote only what it loaded.
   */
  publish(orgId: string, baseRev: string | null, rev: string, known: Collections): void {
    const entry = this.entries.get(orgId);
    const kinds: Collections = new Map(entry && baseRev && entry.rev === baseRev ? entry.kinds : []);
    for (const [kind, docs] of known) {
      for (const doc of docs.values()) deepFreeze(doc);
      kinds.set(kind, docs);
    }
    this.entries.delete(orgId);
    this.entries.set(orgId, { rev, kinds });
    while (this.entries.size > MAX_ORGS) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(orgId: string): void {
    this.entries.delete(orgId);
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
