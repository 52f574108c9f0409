import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: RLS on the reconciliation's GL settings; the run reads them in its tenant's context. */
export class ReconLedgerTenancy1796329697048 implements MigrationInterface {
  name = 'ReconLedgerTenancy1796329697048';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('recon_ledger_settings')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY tenant_isolation ON recon_ledger_settings`);
    await queryRunner.query(`ALTER TABLE recon_ledger_settings NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE recon_ledger_settings DISABLE ROW LEVEL SECURITY`);
  }
}
