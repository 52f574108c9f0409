import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: lb_user_memberships(uuid) answered for any user id the runtime role passed.
 * lb_session_memberships(text) takes the raw session id instead (the browser's secret, never
 * stored: the sessions table holds its SHA-256) and answers only for the user that live session
 * row holds. Sign-in writes the user into its fresh session before it asks (see
 * apps/api/src/auth/auth.service.ts), the tenant switcher and the session view ask of the
 * session they run in. Reading the sessions table yields hashes, which this function refuses.
 */
export class SessionBoundMemberships1796043776829 implements MigrationInterface {
  name = 'SessionBoundMemberships1796043776829';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_user_memberships(uuid)`);
    await queryRunner.query(`
      CREATE FUNCTION lb_session_memberships(p_session_id text) RETURNS TABLE (tenant_id uuid, tenant_name text, role text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT t.id, t.name, m.role
        FROM sessions s
        JOIN memberships m ON m.user_id = s.user_id
        JOIN tenants t ON t.id = m.tenant_id
        WHERE s.id_hash = encode(sha256(convert_to(p_session_id, 'UTF8')), 'hex')
          AND s.expires_at > now() AND t.status = 'active'
        ORDER BY m.created_at
      $$`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_session_memberships(text)'::regprocedure)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_session_memberships(text)`);
    await queryRunner.query(`
      CREATE FUNCTION lb_user_memberships(p_user uuid) RETURNS TABLE (tenant_id uuid, tenant_name text, role text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT t.id, t.name, m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id
        WHERE m.user_id = p_user AND t.status = 'active' ORDER BY m.created_at
      $$`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_user_memberships(uuid)'::regprocedure)`);
  }
}
