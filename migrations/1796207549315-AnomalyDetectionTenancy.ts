import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['sync_anomaly_findings', 'sync_anomaly_profiles'];

/** Hand-written: RLS on the anomaly findings and profiles; the drain and the inbox read them in the tenant's transaction. */
export class AnomalyDetectionTenancy1796207549315 implements MigrationInterface {
  name = 'AnomalyDetectionTenancy1796207549315';

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
