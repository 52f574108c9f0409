import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: RLS on the sync tables, and flow versions made immutable for the runtime role
 * (no UPDATE: an edit is a new version; DELETE stays for integration removal and purge).
 */
export class SyncStoresTenancy1796048131142 implements MigrationInterface {
  name = 'SyncStoresTenancy1796048131142';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_cross_references')`);
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_flow_versions')`);
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_flow_heads')`);
    await queryRunner.query(`
      DO $$ BEGIN
        EXECUTE format('REVOKE UPDATE ON sync_flow_versions FROM %I', lb_runtime_role());
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        EXECUTE format('GRANT UPDATE ON sync_flow_versions TO %I', lb_runtime_role());
      END $$`);
    for (const table of ['sync_flow_heads', 'sync_flow_versions', 'sync_cross_references']) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
