import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['recon_runs', 'recon_differences'];

/** Hand-written: RLS on reconciliation runs and their differences; every read and write is in the tenant's transaction. */
export class ReconciliationTenancy1796208267182 implements MigrationInterface {
  name = 'ReconciliationTenancy1796208267182';

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
