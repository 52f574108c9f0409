import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: RLS on x3_connections and integrations, and the system door's list of live Xero
 * grants (ids only) that the connection-reconciliation sweep walks.
 */
export class ConnectionsTenancy1795710997988 implements MigrationInterface {
  name = 'ConnectionsTenancy1795710997988';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('x3_connections')`);
    await queryRunner.query(`SELECT lb_enable_tenant_rls('integrations')`);
    await queryRunner.query(`
      CREATE FUNCTION lb_active_xero_grants() RETURNS TABLE (tenant_id uuid, grant_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS \$\$
        SELECT g.tenant_id, g.id FROM xero_grants g JOIN tenants t ON t.id = g.tenant_id
        WHERE g.status = 'active' AND t.status = 'active'
      \$\$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_active_xero_grants()`);
    for (const table of ['integrations', 'x3_connections']) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
