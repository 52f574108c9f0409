import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: RLS on the credit-note allocations (grants come from default privileges). */
export class SyncCreditAllocationsTenancy1796090000001 implements MigrationInterface {
  name = 'SyncCreditAllocationsTenancy1796090000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_credit_allocations')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY tenant_isolation ON sync_credit_allocations`);
    await queryRunner.query(`ALTER TABLE sync_credit_allocations NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE sync_credit_allocations DISABLE ROW LEVEL SECURITY`);
  }
}
