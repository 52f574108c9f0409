import { DataSource, EntityManager } from 'typeorm';
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
    return this.dataSource
      .transaction(async (manager) => {
        used = manager;
        committed = collectAfterCommit(manager);
        if (options.readOnly) await manager.query('SET TRANSACTION READ ONLY');
        await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
        return work(manager);
      })
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
}
