import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { createTenant, isolatedDatabase, ownerDataSource, runtimeDataSource, SuiteDatabase } from '#lb/testing';

describe("a suite's own database (a copy of the migrated one)", () => {
  let db: SuiteDatabase;
  let own: DataSource;
  let shared: DataSource;

  beforeAll(async () => {
    db = await isolatedDatabase();
    own = await runtimeDataSource(2, db.urls.DATABASE_URL);
    shared = await ownerDataSource();
  });
  afterAll(async () => {
    await own?.destroy();
    await shared?.destroy();
    await db?.drop();
  });

  it('is a separate database that the runtime role reaches with row-level security in force', async () => {
    // `npm test` makes the template right after migrating
    expect(db.isolated).toBe(true);
    const [{ name }] = await own.query<Array<{ name: string }>>('SELECT current_database() AS name');
    expect(name).toMatch(/^lb_suite_[0-9a-f]{10}$/);
    const tenantId = await createTenant(new TenantTransactions(own));
    // RLS: the runtime role outside a tenant's context is refused, as in the shared database
    await expect(own.query('SELECT id FROM tenants')).rejects.toThrow('tenant context missing');
    expect(await shared.query('SELECT id FROM tenants WHERE id = $1', [tenantId])).toEqual([]);
    const owner = await ownerDataSource(db.urls.DATABASE_OWNER_URL);
    try {
      expect(await owner.query('SELECT id FROM tenants WHERE id = $1', [tenantId])).toEqual([{ id: tenantId }]);
      // every migration is there, as in the shared database
      const count = (ds: DataSource) =>
        ds.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM typeorm_migrations');
      expect(await count(owner)).toEqual(await count(shared));
    } finally {
      await owner.destroy();
    }
  });
});
