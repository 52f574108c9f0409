import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { collectAfterCommit, dropAfterCommit } from './after-commit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InvalidTenantIdError extends Error {
  constructor(value: unknown) {
    super(`Not a tenant id: ${JSON.stringify(value)}`);
  }
}

export interface TenantTransactionOptions {
  /** Support access and reports run read-only: PostgreSQL refuses any write in them. */
  readOnly?: boolean;
}

/**
 * The transaction's BEGIN carries the tenant setting (and READ ONLY) in the same round trip: one
 * simple-protocol message instead of two or three, on every request's transactions. The id is
 * inlined, safe because run() has checked it is a UUID. Only the runner's first
 * START TRANSACTION is rewritten: a nested transaction is a SAVEPOINT, as before.
 */
function beginWithTenant(runner: QueryRunner, tenantId: string, readOnly: boolean): void {
  type Query = (sql: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;
  const query = runner.query.bind(runner) as Query;
  let begun = false;
  runner.query = ((sql: string, parameters?: unknown[], structured?: boolean) => {
    if (begun || sql !== 'START TRANSACTION') return query(sql, parameters, structured);
    begun = true;
    const mode = readOnly ? ' READ ONLY' : '';
    return query(
      `START TRANSACTION${mode}; SELECT set_config('app.tenant_id', '${tenantId}', true)`,
      undefined,
      structured,
    );
  }) as QueryRunner['query'];
}

/**
 * The one way to touch tenant-owned rows: a transaction whose `app.tenant_id` is set with
 * `set_config(..., true)`, so the setting dies with the transaction and a pooled connection never
 * carries one tenant's context into another's work. RLS policies read it; without it they raise.
 */
export class TenantTransactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(
    tenantId: string,
    work: (manager: EntityManager) => Promise<T>,
    options: TenantTransactionOptions = {},
  ): Promise<T> {
    if (typeof tenantId !== 'string' || !UUID.test(tenantId)) return Promise.reject(new InvalidTenantIdError(tenantId));
    let committed: (() => void) | undefined;
    let used: EntityManager | undefined;
    const runner = this.dataSource.createQueryRunner();
    beginWithTenant(runner, tenantId, options.readOnly ?? false);
    return runner.manager
      .transaction(async (manager) => {
        used = manager;
        committed = collectAfterCommit(manager);
        return work(manager);
      })
      .finally(() => runner.release())
      .then(
        (result) => {
          committed?.();
          return result;
        },
        (error: unknown) => {
          if (used) dropAfterCommit(used);
          throw error;
        },
      );
  }

  runReadOnly<T>(tenantId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.run(tenantId, work, { readOnly: true });
  }

  /**
   * One read-only statement in ONE round trip: BEGIN READ ONLY, the tenant setting, the statement
   * and COMMIT travel as one simple-protocol message, where run() needs three (BEGIN, the query,
   * COMMIT). For reads every request makes (a member's role). The simple protocol takes no bound
   * parameters, so the values may only be UUIDs: each is checked, then inlined as a literal for $n.
   */
  async readOnce<T>(tenantId: string, sql: string, uuids: string[]): Promise<T[]> {
    if (typeof tenantId !== 'string' || !UUID.test(tenantId)) throw new InvalidTenantIdError(tenantId);
    if (sql.includes(';')) throw new Error('readOnce takes one statement');
    for (const value of uuids) if (typeof value !== 'string' || !UUID.test(value)) throw new InvalidUuidError(value);
    const statement = sql.replace(/\$(\d+)/g, (_, n: string) => {
      const value = uuids[Number(n) - 1];
      if (value === undefined) throw new InvalidUuidError(`$${n}`);
      return `'${value}'::uuid`;
    });
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PgClient;
      try {
        const results = await client.query(
          `START TRANSACTION READ ONLY; SELECT set_config('app.tenant_id', '${tenantId}', true); ${statement}; COMMIT`,
        );
        return results[2].rows as T[];
      } catch (error) {
        // a failed statement skips the COMMIT and leaves the transaction open (aborted): end it
        await client.query('ROLLBACK');
        throw error;
      }
    } finally {
      await runner.release();
    }
  }
}

/** The pg client under a query runner; a multi-statement simple query answers one result per statement. */
interface PgClient {
  query(sql: string): Promise<Array<{ rows: unknown[] }>>;
}

export class InvalidUuidError extends Error {
  constructor(value: unknown) {
    super(`Not a UUID: ${JSON.stringify(value)}`);
  }
}
