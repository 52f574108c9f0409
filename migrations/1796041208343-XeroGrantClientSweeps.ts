import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the sweeps (connection reconciliation, keep-alive refresh) list only the grants
 * issued to the asking worker's Xero app. A grant of another app cannot be refreshed with our
 * credentials, and trying would mark it dead. Grants from before client_id existed (NULL) stay
 * listed. Replaces lb_active_xero_grants() and lb_idle_xero_grants(timestamptz).
 */
export class XeroGrantClientSweeps1796041208343 implements MigrationInterface {
  name = 'XeroGrantClientSweeps1796041208343';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_active_xero_grants()`);
    await queryRunner.query(`DROP FUNCTION lb_idle_xero_grants(timestamptz)`);
    await queryRunner.query(`
      CREATE FUNCTION lb_active_xero_grants_of(p_client_id text) RETURNS TABLE (tenant_id uuid, grant_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT g.tenant_id, g.id FROM xero_grants g JOIN tenants t ON t.id = g.tenant_id
        WHERE g.status = 'active' AND t.status = 'active' AND (g.client_id IS NULL OR g.client_id = p_client_id)
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_idle_xero_grants_of(p_before timestamptz, p_client_id text)
      RETURNS TABLE (tenant_id uuid, grant_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT g.tenant_id, g.id FROM xero_grants g JOIN tenants t ON t.id = g.tenant_id
        WHERE g.status = 'active' AND t.status = 'active' AND g.refreshed_at < p_before
          AND (g.client_id IS NULL OR g.client_id = p_client_id)
      $$`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_active_xero_grants_of(text)'::regprocedure)`);
    await queryRunner.query(
      `SELECT lb_grant_to_runtime('lb_idle_xero_grants_of(timestamp with time zone, text)'::regprocedure)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_idle_xero_grants_of(timestamptz, text)`);
    await queryRunner.query(`DROP FUNCTION lb_active_xero_grants_of(text)`);
    await queryRunner.query(`
      CREATE FUNCTION lb_active_xero_grants() RETURNS TABLE (tenant_id uuid, grant_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT g.tenant_id, g.id FROM xero_grants g JOIN tenants t ON t.id = g.tenant_id
        WHERE g.status = 'active' AND t.status = 'active'
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_idle_xero_grants(p_before timestamptz) RETURNS TABLE (tenant_id uuid, grant_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT g.tenant_id, g.id FROM xero_grants g JOIN tenants t ON t.id = g.tenant_id
        WHERE g.status = 'active' AND t.status = 'active' AND g.refreshed_at < p_before
      $$`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_active_xero_grants()'::regprocedure)`);
    await queryRunner.query(
      `SELECT lb_grant_to_runtime('lb_idle_xero_grants(timestamp with time zone)'::regprocedure)`,
    );
  }
}
