import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: RLS on the first-connection matching tables (grants come from default privileges). */
export class MatchingProposalsTenancy1796054859379 implements MigrationInterface {
  name = 'MatchingProposalsTenancy1796054859379';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_matchings')`);
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_match_proposals')`);
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_contact_names')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['sync_contact_names', 'sync_match_proposals', 'sync_matchings']) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
