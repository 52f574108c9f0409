import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['shop_connections', 'shop_events', 'shop_orders', 'shop_customers'];

/**
 * Hand-written: RLS on the shop tables, and two narrow doors. The shop webhook's URL names a shop
 * connection, not a tenant, so the api asks for that connection's tenant and sealed secret id
 * (active tenants only) before it can open the secret and check the signature. The worker's retry
 * sweep asks for received events nobody has touched for 15 minutes (longer than any backoff) and
 * holds no lease: ids only.
 */
export class ShopIntakeTenancy1796182554456 implements MigrationInterface {
  name = 'ShopIntakeTenancy1796182554456';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`SELECT lb_enable_tenant_rls('${table}')`);
    await queryRunner.query(`
      CREATE FUNCTION lb_shop_connection_target(p_connection_id uuid)
      RETURNS TABLE (tenant_id uuid, secret_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT c.tenant_id, c.secret_id FROM shop_connections c JOIN tenants t ON t.id = c.tenant_id
        WHERE c.id = p_connection_id AND t.status = 'active'
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_shop_events_to_retry(p_limit integer)
      RETURNS TABLE (tenant_id uuid, event_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT e.tenant_id, e.id FROM shop_events e JOIN tenants t ON t.id = e.tenant_id
        WHERE t.status = 'active' AND e.state = 'received' AND e.updated_at < now() - interval '15 minutes'
          AND (e.claimed_until IS NULL OR e.claimed_until < now())
        ORDER BY e.updated_at
        LIMIT least(greatest(p_limit, 1), 1000)
      $$`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_shop_connection_target(uuid)'::regprocedure)`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_shop_events_to_retry(integer)'::regprocedure)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_shop_events_to_retry(integer)`);
    await queryRunner.query(`DROP FUNCTION lb_shop_connection_target(uuid)`);
    for (const table of TABLES) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
