import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['shop_connections', 'shop_events', 'shop_orders', 'shop_customers'];

/**
 * Hand-written: RLS on the shop tables, and the narrow door the shop webhook needs: its URL names
 * a shop connection, not a tenant, so the api asks for that connection's tenant and sealed secret
 * id (active tenants only) before it can open the secret and check the signature.
 */
export class ShopIntakeTenancy1796180362458 implements MigrationInterface {
  name = 'ShopIntakeTenancy1796180362458';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`SELECT lb_enable_tenant_rls('${table}')`);
    await queryRunner.query(`
      CREATE FUNCTION lb_shop_connection_target(p_connection_id uuid)
      RETURNS TABLE (tenant_id uuid, secret_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT c.tenant_id, c.secret_id FROM shop_connections c JOIN tenants t ON t.id = c.tenant_id
        WHERE c.id = p_connection_id AND t.status = 'active'
      $$`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_shop_connection_target(uuid)'::regprocedure)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_shop_connection_target(uuid)`);
    for (const table of TABLES) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
