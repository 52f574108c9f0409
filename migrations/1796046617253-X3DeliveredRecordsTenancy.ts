import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: RLS on x3_delivered_records (the runtime role's grants come from default privileges). */
export class X3DeliveredRecordsTenancy1796046617253 implements MigrationInterface {
  name = 'X3DeliveredRecordsTenancy1796046617253';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('x3_delivered_records')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY tenant_isolation ON x3_delivered_records`);
    await queryRunner.query(`ALTER TABLE x3_delivered_records NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE x3_delivered_records DISABLE ROW LEVEL SECURITY`);
  }
}
