import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: RLS on the pending changes and flow cursors (grants come from default privileges). */
export class SyncPendingChangesTenancy1796054507664 implements MigrationInterface {
  name = 'SyncPendingChangesTenancy1796054507664';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_pending_changes')`);
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_flow_cursors')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['sync_flow_cursors', 'sync_pending_changes']) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
