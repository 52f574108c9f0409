import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of the current request or job should carry. */
export interface LogContext {
  requestId?: string;
  tenantId?: string;
  userId?: string;
  jobId?: string;
  queue?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

/** Adds fields (e.g. the tenant once a session is read) to the current context. */
export function enrichLogContext(fields: Partial<LogContext>): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}
