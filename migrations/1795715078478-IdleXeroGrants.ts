import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the keep-alive sweep's question, answered in one query instead of one
 * transaction per tenant: live Xero grants not refreshed since a time (ids only).
 */
export class IdleXeroGrants1795715078478 implements MigrationInterface {
  name = 'IdleXeroGrants1795715078478';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION lb_idle_xero_grants(p_before timestamptz) RETURNS TABLE (tenant_id uuid, grant_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS \$\$
        SELECT g.tenant_id, g.id FROM xero_grants g JOIN tenants t ON t.id = g.tenant_id
        WHERE g.status = 'active' AND t.status = 'active' AND g.refreshed_at < p_before
      \$\$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_idle_xero_grants(timestamptz)`);
  }
}
