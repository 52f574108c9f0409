// Migrations run as the owner role (DATABASE_OWNER_URL), never as the runtime role.
import { DataSource } from 'typeorm';
import { createDataSource } from '#lb/database';
import { ALL_ENTITIES } from './all-entities';

async function withOwner<T>(ownerUrl: string, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = createDataSource(ownerUrl, ALL_ENTITIES);
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

export function runMigrations(ownerUrl: string): Promise<string[]> {
  return withOwner(ownerUrl, async (ds) => (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name));
}

/** The SQL TypeORM would still need to bring the schema in line with the entities; [] when in step. */
export function checkMigrations(ownerUrl: string): Promise<string[]> {
  return withOwner(ownerUrl, async (ds) => {
    const sql = await ds.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  });
}
