import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: RLS on the mapping suggestions (grants come from default privileges). */
export class MappingSuggestionsTenancy1796180632791 implements MigrationInterface {
  name = 'MappingSuggestionsTenancy1796180632791';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('mapping_suggestions')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY tenant_isolation ON mapping_suggestions`);
    await queryRunner.query(`ALTER TABLE mapping_suggestions NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE mapping_suggestions DISABLE ROW LEVEL SECURITY`);
  }
}
