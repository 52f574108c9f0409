import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: RLS on reconciliation schedules; the sweep enters each tenant to read its own. */
export class ReconSchedulesTenancy1796221829343 implements MigrationInterface {
  name = 'ReconSchedulesTenancy1796221829343';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('recon_schedules')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY tenant_isolation ON recon_schedules`);
    await queryRunner.query(`ALTER TABLE recon_schedules NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE recon_schedules DISABLE ROW LEVEL SECURITY`);
  }
}
