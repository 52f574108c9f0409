import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: RLS on the payment parts (grants come from default privileges). */
export class SyncPaymentPartsTenancy1796078254295 implements MigrationInterface {
  name = 'SyncPaymentPartsTenancy1796078254295';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_payment_parts')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY tenant_isolation ON sync_payment_parts`);
    await queryRunner.query(`ALTER TABLE sync_payment_parts NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE sync_payment_parts DISABLE ROW LEVEL SECURITY`);
  }
}
