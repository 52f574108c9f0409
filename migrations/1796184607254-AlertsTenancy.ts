import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['alert_rules', 'alerts', 'alert_webhook_deliveries'];

/** Hand-written: RLS on the alert tables. The evaluator walks lb_active_tenant_ids() and needs no other door. */
export class AlertsTenancy1796184607254 implements MigrationInterface {
  name = 'AlertsTenancy1796184607254';

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
