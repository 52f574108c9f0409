import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: RLS on the integrations' call plans (grants come from default privileges). */
export class SyncCallPlansTenancy1796056015628 implements MigrationInterface {
  name = 'SyncCallPlansTenancy1796056015628';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_call_plans')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY tenant_isolation ON sync_call_plans`);
    await queryRunner.query(`ALTER TABLE sync_call_plans NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE sync_call_plans DISABLE ROW LEVEL SECURITY`);
  }
}
