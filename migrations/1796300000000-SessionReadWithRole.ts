import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: every api request read its session row, then the member's role in a tenant
 * transaction of its own: two round trips to PostgreSQL before the route's work. lb_session_read
 * answers both in one: the session row for a raw session id (the browser's secret, hashed here as
 * lb_session_memberships does, so the hashes readable in `sessions` open nothing), and the role of
 * the member that row names, read fresh (a removed member's row is gone, so no role). It answers
 * for that one session only, and nothing a holder of the session id could not already learn.
 */
export class SessionReadWithRole1796300000000 implements MigrationInterface {
  name = 'SessionReadWithRole1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // CASE guards the casts: a member entry that is not a pair of UUIDs reads as no member
    await queryRunner.query(`
      CREATE FUNCTION lb_session_read(p_session_id text)
      RETURNS TABLE (data jsonb, expires_at timestamptz, member_role text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT s.data, s.expires_at, m.role
        FROM sessions s
        LEFT JOIN memberships m
          ON m.tenant_id = CASE WHEN s.data #>> '{member,tenantId}' ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                                THEN (s.data #>> '{member,tenantId}')::uuid END
         AND m.user_id = CASE WHEN s.data #>> '{member,userId}' ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                              THEN (s.data #>> '{member,userId}')::uuid END
        WHERE s.id_hash = encode(sha256(convert_to(p_session_id, 'UTF8')), 'hex')
      $$`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_session_read(text)'::regprocedure)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_session_read(text)`);
  }
}
