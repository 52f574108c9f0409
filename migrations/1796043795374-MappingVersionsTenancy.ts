import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: RLS on the mapping tables, and mapping versions made immutable for the runtime
 * role (no UPDATE: a change is a new version; DELETE stays for integration removal and purge).
 */
export class MappingVersionsTenancy1796043795374 implements MigrationInterface {
  name = 'MappingVersionsTenancy1796043795374';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('mapping_versions')`);
    await queryRunner.query(`SELECT lb_enable_tenant_rls('mapping_heads')`);
    await queryRunner.query(`
      DO $$ BEGIN
        EXECUTE format('REVOKE UPDATE ON mapping_versions FROM %I', lb_runtime_role());
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        EXECUTE format('GRANT UPDATE ON mapping_versions TO %I', lb_runtime_role());
      END $$`);
    for (const table of ['mapping_heads', 'mapping_versions']) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
