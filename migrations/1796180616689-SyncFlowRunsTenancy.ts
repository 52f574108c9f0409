import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: RLS on flow runs, their steps and observed events (grants come from default privileges). */
export class SyncFlowRunsTenancy1796180616689 implements MigrationInterface {
  name = 'SyncFlowRunsTenancy1796180616689';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_flow_runs')`);
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_flow_run_steps')`);
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_flow_events')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['sync_flow_events', 'sync_flow_run_steps', 'sync_flow_runs']) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
