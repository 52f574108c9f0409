import { Pool, PoolClient, QueryResultRow } from 'pg';

/**
 * The sandbox's own database (never the product's). Each simulator applies its schema at start
 * with idempotent DDL; the sandbox is a test double, not a system of record, so it has no
 * migration history to keep.
 */
export class SandboxDatabase {
  readonly pool: Pool;

  constructor(url: string) {
    this.pool = new Pool({ connectionString: url, max: 20 });
    // An idle client whose server connection drops (PostgreSQL restarting) is reported here; without
    // a listener Node treats it as an unhandled 'error' event and the whole sandbox dies. The pool
    // has already discarded that client, and the next query opens a fresh one.
    this.pool.on('error', (e) => console.warn(`sandbox database: idle connection lost (${e.message})`));
  }

  async query<R extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const result = await this.pool.query<R>(sql, params);
    return result.rows;
  }

  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Applies a simulator's schema; guarded by an advisory lock so parallel starts do not race. */
  async applySchema(name: string, ddl: string): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sandbox-schema:${name}`]);
      await client.query(ddl);
    });
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
