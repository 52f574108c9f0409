import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: RLS on the sync's ledger copies; every read and write is in the tenant's transaction. */
export class LedgerCopiesTenancy1796207819595 implements MigrationInterface {
  name = 'LedgerCopiesTenancy1796207819595';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('recon_documents')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY tenant_isolation ON recon_documents`);
    await queryRunner.query(`ALTER TABLE recon_documents NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE recon_documents DISABLE ROW LEVEL SECURITY`);
  }
}
