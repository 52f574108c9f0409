import { PoolClient } from 'pg';

export type Doc = Record<string, any>;

export type EntityKind =
  | 'Account'
  | 'TaxRate'
  | 'Currency'
  | 'TrackingCategory'
  | 'Contact'
  | 'Item'
  | 'Invoice'
  | 'CreditNote'
  | 'Payment'
  | 'ManualJournal'
  | 'PurchaseOrder';

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
  readonly events: ChangeEvent[] = [];

  constructor(
    private readonly client: PoolClient,
    readonly orgId: string,
    readonly org: Doc,
    readonly now: number,
  ) {}

  async all(kind: EntityKind): Promise<Doc[]> {
    return [...(await this.load(kind)).values()];
  }

  async get(kind: EntityKind, id: string | undefined): Promise<Doc | undefined> {
    if (!id) return undefined;
    return (await this.load(kind)).get(String(id).toLowerCase());
  }

  async put(kind: EntityKind, id: string, doc: Doc): Promise<void> {
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
