import { PoolClient } from 'pg';
import { WireRecord } from '../core/json';
import { EntityKind, EntityRecords, OrganisationRecord } from '../domain/records';
import { Collections } from './org-collections-cache';

/** A JSON object on the wire or in storage: a request element, a response, a stored entity. */
export type Doc = WireRecord;
export type { EntityKind };

/** An organisation's sandbox-only switches (control API: POST .../settings). */
export interface SandboxOrgSettings {
  /**
   * false: ACCREC invoice numbers need not be unique and a POST without InvoiceID always creates,
   * so a client that writes one invoice twice leaves a duplicate a test can count (default true).
   */
  invoiceNumbersUnique?: boolean;
}

export interface ChangeEvent {
  category: 'CONTACT' | 'INVOICE' | 'CREDITNOTE';
  type: 'CREATE' | 'UPDATE';
  resourceId: string;
  data?: Record<string, unknown>;
}

/**
 * One organisation's data inside one transaction. Collections load on first use — from the
 * committed collections kept at this transaction's revision when there are some
 * (org-collections-cache.ts), else from PostgreSQL — and dirty documents are written at flush;
 * writes to an organisation are serialised by an advisory lock, so uniqueness checks over a
 * loaded collection are sound.
 */
export class OrgSession {
  private readonly cache: Collections = new Map();
  private readonly dirty = new Map<string, { kind: EntityKind; doc: Doc }>();
  /** Undo steps of the batch element running in `atomically`, newest last. */
  private undo: Array<() => void> | null = null;
  readonly org: OrganisationRecord;
  readonly events: ChangeEvent[] = [];

  constructor(
    private readonly client: PoolClient,
    readonly orgId: string,
    org: WireRecord,
    readonly now: number,
    readonly settings: SandboxOrgSettings = {},
    private readonly committed?: Collections,
  ) {
    this.org = org as OrganisationRecord;
  }

  // Stored documents were written by these modules in their record shapes: the one place they
  // are taken as such.
  async all<K extends EntityKind>(kind: K): Promise<EntityRecords[K][]> {
    return [...(await this.load(kind)).values()] as EntityRecords[K][];
  }

  async get<K extends EntityKind>(kind: K, id: unknown): Promise<EntityRecords[K] | undefined> {
    if (typeof id !== 'string' || !id) return undefined;
    return (await this.load(kind)).get(id.toLowerCase()) as EntityRecords[K] | undefined;
  }

  async put<K extends EntityKind>(kind: K, id: string, doc: EntityRecords[K]): Promise<void> {
    const docs = await this.load(kind);
    const key = id.toLowerCase();
    const dirtyKey = `${kind}:${id}`;
    if (this.undo) {
      const [before, wasDirty] = [docs.get(key), this.dirty.get(dirtyKey)];
      this.undo.push(() => {
        if (before === undefined) docs.delete(key);
        else docs.set(key, before);
        if (wasDirty === undefined) this.dirty.delete(dirtyKey);
        else this.dirty.set(dirtyKey, wasDirty);
      });
    }
    // last, as PostgreSQL orders a collection (by updated_ms): lists without an order keep that order
    docs.delete(key);
    docs.set(key, doc);
    this.dirty.set(dirtyKey, { kind, doc });
  }

  /**
   * Runs one batch element: if it throws, the session forgets everything the element did. (Its
   * puts are undone one by one: copying every loaded collection per element cost a 50-record batch
   * a million map entries once an organisation held 10,000 invoices and contacts.)
   */
  async atomically<T>(work: () => Promise<T>): Promise<T> {
    const outer = this.undo;
    const undo: Array<() => void> = [];
    this.undo = undo;
    const eventCount = this.events.length;
    try {
      const result = await work();
      outer?.push(...undo);
      return result;
    } catch (error) {
      for (const step of undo.reverse()) step();
      this.events.length = eventCount;
      throw error;
    } finally {
      this.undo = outer;
    }
  }

  emit(event: ChangeEvent): void {
    this.events.push(event);
  }

  /** Writes the dirty documents; returns how many. */
  async flush(): Promise<number> {
    const count = this.dirty.size;
    for (const [key, { kind, doc }] of this.dirty) {
      const id = key.slice(kind.length + 1);
      await this.client.query(
        `INSERT INTO xero_entities (org_id, kind, id, doc, updated_ms) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT (org_id, kind, id) DO UPDATE SET doc = EXCLUDED.doc, updated_ms = EXCLUDED.updated_ms`,
        [this.orgId, kind, id, doc, this.now],
      );
    }
    this.dirty.clear();
    return count;
  }

  /** The collections this session loaded, as they stand (after flush: as committed). */
  loaded(): Collections {
    return this.cache;
  }

  /** Whether a collection came from PostgreSQL rather than the committed collections kept. */
  loadedFromDatabase(): boolean {
    return [...this.cache.keys()].some((kind) => !this.committed?.has(kind));
  }

  private async load(kind: EntityKind): Promise<Map<string, Doc>> {
    let map = this.cache.get(kind);
    if (!map) {
      const kept = this.committed?.get(kind);
      if (kept) map = new Map(kept);
      else {
        const { rows } = await this.client.query<{ id: string; doc: Doc }>(
          'SELECT id, doc FROM xero_entities WHERE org_id = $1 AND kind = $2 ORDER BY updated_ms, id',
          [this.orgId, kind],
        );
        map = new Map(rows.map((r) => [r.id.toLowerCase(), r.doc]));
      }
      this.cache.set(kind, map);
    }
    return map;
  }
}
