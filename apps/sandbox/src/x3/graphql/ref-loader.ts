import { SandboxDatabase } from '../../db/sandbox-database';
import { entityByName } from '../model/catalog';
import { Row, readMany } from '../query/page-query';

type Waiter = { resolve: (row: Row | null) => void; reject: (error: unknown) => void };

/** Batches the references one GraphQL request touches: one query per node type per tick. */
export class RefLoader {
  private readonly cache = new Map<string, Promise<Row | null>>();
  private pending = new Map<string, Map<string, Array<Waiter>>>();
  private scheduled = false;

  constructor(
    private readonly db: SandboxDatabase,
    private readonly folder: string,
  ) {}

  load(entity: string, id: string): Promise<Row | null> {
    const key = `${entity}\u0000${id}`;
    let promise = this.cache.get(key);
    if (!promise) {
      promise = new Promise<Row | null>((resolve, reject) => {
        const byId = this.pending.get(entity) ?? new Map<string, Waiter[]>();
        this.pending.set(entity, byId);
        byId.set(id, [...(byId.get(id) ?? []), { resolve, reject }]);
      });
      this.cache.set(key, promise);
      this.schedule();
    }
    return promise;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.pending;
      this.pending = new Map();
      for (const [entity, byId] of batch) void this.flush(entity, byId);
    });
  }

  private async flush(entity: string, byId: Map<string, Array<Waiter>>): Promise<void> {
    try {
      const rows = await readMany(this.db, this.folder, entityByName(entity), [...byId.keys()]);
      const found = new Map(rows.map((row) => [row._id as string, row]));
      for (const [id, waiters] of byId) for (const w of waiters) w.resolve(found.get(id) ?? null);
    } catch (error) {
      for (const waiters of byId.values()) for (const w of waiters) w.reject(error);
    }
  }
}
