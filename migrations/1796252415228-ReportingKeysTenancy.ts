import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written follow-up to ReportingKeys: the standard forced RLS policy on reporting_keys, and
 * the one door a BI tool's request passes before its tenant is known. lb_reporting_key_use takes
 * the SHA-256 of a presented key and answers the tenant and key id of a live key of an active
 * tenant (stamping its last use), nothing else; an unknown, revoked or departed key answers no row.
 */
export class ReportingKeysTenancy1796252415228 implements MigrationInterface {
  name = 'ReportingKeysTenancy1796252415228';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('reporting_keys')`);
    await queryRunner.query(`
      CREATE FUNCTION lb_reporting_key_use(p_key_hash text)
      RETURNS TABLE (tenant_id uuid, key_id uuid)
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        UPDATE reporting_keys k SET last_used_at = now()
        FROM tenants t
        WHERE k.key_hash = p_key_hash AND k.revoked_at IS NULL AND t.id = k.tenant_id AND t.status = 'active'
        RETURNING k.tenant_id, k.id
      $$`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_reporting_key_use(text)'::regprocedure)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_reporting_key_use(text)`);
    await queryRunner.query(`DROP POLICY tenant_isolation ON reporting_keys`);
    await queryRunner.query(`ALTER TABLE reporting_keys NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE reporting_keys DISABLE ROW LEVEL SECURITY`);
  }
}
