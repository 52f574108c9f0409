import { EntityManager } from 'typeorm';

const pending = new WeakMap<EntityManager, Array<() => void>>();

/**
 * Runs `fn` once the tenant transaction `manager` belongs to has committed (never when it rolls
 * back): for effects that must only report what really happened, such as metrics. Outside a
 * TenantTransactions transaction it runs at once. `fn` must not throw; if it does, it is ignored.
 */
export function afterCommit(manager: EntityManager, fn: () => void): void {
  const list = pending.get(manager);
  if (list) list.push(fn);
  else safely(fn);
}

/** TenantTransactions: collect the transaction's callbacks, and run them after its commit. */
export function collectAfterCommit(manager: EntityManager): () => void {
  const list: Array<() => void> = [];
  pending.set(manager, list);
  return () => {
    pending.delete(manager);
    for (const fn of list) safely(fn);
  };
}

/** TenantTransactions: the transaction rolled back, its callbacks never run. */
export function dropAfterCommit(manager: EntityManager): void {
  pending.delete(manager);
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // a report about the work must never fail the work
  }
}
