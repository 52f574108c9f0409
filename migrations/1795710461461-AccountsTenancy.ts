import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: RLS on the new tenant tables, and the system door's questions for sign-in,
 * invitations and support search (SECURITY DEFINER, owned by the migration role).
 */
export class AccountsTenancy1795710461461 implements MigrationInterface {
  name = 'AccountsTenancy1795710461461';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['support_grants', 'invitations', 'email_outbox']) {
      await queryRunner.query(`SELECT lb_enable_tenant_rls('${table}')`);
    }
    await queryRunner.query(`
      CREATE FUNCTION lb_user_memberships(p_user uuid) RETURNS TABLE (tenant_id uuid, tenant_name text, role text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT t.id, t.name, m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id
        WHERE m.user_id = p_user AND t.status = 'active' ORDER BY m.created_at
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_find_invitation(p_token_hash text) RETURNS TABLE (tenant_id uuid, invitation_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT i.tenant_id, i.id FROM invitations i WHERE i.token_hash = p_token_hash
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_search_tenants(p_query text) RETURNS TABLE (id uuid, name text, created_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT t.id, t.name, t.created_at FROM tenants t
        WHERE t.id::text = p_query OR t.name ILIKE '%' || replace(replace(replace(p_query, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
        ORDER BY t.name LIMIT 20
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_search_tenants(text)`);
    await queryRunner.query(`DROP FUNCTION lb_find_invitation(text)`);
    await queryRunner.query(`DROP FUNCTION lb_user_memberships(uuid)`);
    for (const table of ['support_grants', 'invitations', 'email_outbox']) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
