// Helpers for integration tests on the real PostgreSQL and Redis that `npm test` starts.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '#lb/config';
import { createDataSource, Tenant, TenantTransactions } from '#lb/database';
import { ALL_ENTITIES } from '#lb/schema';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through \`npm test\``);
  return value;
}

/** A DataSource on the runtime role (RLS applies), as the apps use. */
export async function runtimeDataSource(poolSize = 5, url = requireEnv('DATABASE_URL')): Promise<DataSource> {
  const ds = createDataSource(url, ALL_ENTITIES);
  ds.setOptions({ extra: { max: poolSize, connectionTimeoutMillis: 5_000 } });
  return ds.initialize();
}

/** A DataSource on the owner role, for test set-up that must go around the runtime role's limits. */
export async function ownerDataSource(url = requireEnv('DATABASE_OWNER_URL')): Promise<DataSource> {
  const ds = createDataSource(url, ALL_ENTITIES);
  ds.setOptions({ extra: { max: 2 } });
  return ds.initialize();
}

/** Creates a tenant the way the product does: inside the new tenant's own context. */
export async function createTenant(
  tx: TenantTransactions,
  name = `Tenant ${randomUUID().slice(0, 8)}`,
): Promise<string> {
  const id = randomUUID();
  await tx.run(id, (m) => m.insert(Tenant, { id, name }));
  return id;
}

/** The validated config the test run's environment describes, with overrides. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({ ...process.env, ...overrides });
}

/**
 * Polls until `check` returns a value, or fails after `timeoutMs` saying what it waited for. The
 * default is a backstop sized for a loaded 2-core machine; a passing check returns at once.
 */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
export * from './browser';
export * from './cookie-browser';
export * from './suite-database';
