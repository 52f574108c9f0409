import { PoolClient } from 'pg';
import { WireRecord } from '../core/json';
import { EntityKind, EntityRecords, OrganisationRecord } from '../domain/records';

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
 * One organisation's data inside one transaction. Collections load on first use and dirty
 * documents are written at flush; writes to an organisation are serialised by an advisory lock,
 * so uniqueness checks over a loaded collection are sound.
 */
export class OrgSession {
  private readonly cache = new Map<EntityKind, Map<string, Doc>>();
  private readonly dirty = new Map<string, { kind: EntityKind; doc: Doc }>();
  readonly org: OrganisationRecord;
  readonly events: ChangeEvent[] = [];

  constructor(
    private readonly client: PoolClient,
    readonly orgId: string,
    org: WireRecord,
    readonly now: number,
    readonly settings: SandboxOrgSettings = {},
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
    (await this.load(kind)).set(id.toLowerCase(), doc);
    this.dirty.set(`${kind}:${id}`, { kind, doc });
  }

  /** Runs one batch element: if it throws, the session forgets everything the element did. */
  async atomically<T>(work: () => Promise<T>): Promise<T> {
    const cache = new Map([...this.cache].map(([k, v]) => [k, new Map(v)] as const));
    const dirty = new Map(this.dirty);
    const eventCount = this.events.length;
    try {
      return await work();
    } catch (error) {
      this.cache.clear();
      for (const [k, v] of cache) this.cache.set(k, v);
      this.dirty.clear();
      for (const [k, v] of dirty) this.dirty.set(k, v);
      this.events.length = eventCount;
      throw error;
    }
  }

  emit(event: ChangeEvent): void {
    this.events.push(event);
  }

  async flush(): Promise<void> {
    for (const [key, { kind, doc }] of this.dirty) {
      const id = key.slice(kind.length + 1);
      await this.client.query(
        `INSERT INTO xero_entities (org_id, kind, id, doc, updated_ms) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT (org_id, kind, id) DO UPDATE SET doc = EXCLUDED.doc, updated_ms = EXCLUDED.updated_ms`,
        [this.orgId, kind, id, doc, this.now],
      );
    }
    this.dirty.clear();
  }

  private async load(kind: EntityKind): Promise<Map<string, Doc>> {
    let map = this.cache.get(kind);
    if (!map) {
      const { rows } = await this.client.query<{ id: string; doc: Doc }>(
        'SELECT id, doc FROM xero_entities WHERE org_id = $1 AND kind = $2 ORDER BY updated_ms, id',
        [this.orgId, kind],
      );
      map = new Map(rows.map((r) => [r.id.toLowerCase(), r.doc]));
      this.cache.set(kind, map);
    }
    return map;
  }
}
