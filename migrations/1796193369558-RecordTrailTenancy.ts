import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['sync_runs', 'sync_record_events'];

/** Hand-written: RLS on the run log and the record trail; every read and write is in the tenant's transaction. */
export class RecordTrailTenancy1796193369558 implements MigrationInterface {
  name = 'RecordTrailTenancy1796193369558';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`SELECT lb_enable_tenant_rls('${table}')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
