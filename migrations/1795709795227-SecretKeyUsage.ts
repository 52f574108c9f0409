import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: how many secrets each master key still wraps, across tenants (counts only, no
 * content), so an operator knows when an old key can leave SECRETS_KEYS.
 */
export class SecretKeyUsage1795709795227 implements MigrationInterface {
  name = 'SecretKeyUsage1795709795227';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION lb_secret_key_usage() RETURNS TABLE (key_id text, secrets bigint)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT s.key_id, count(*) FROM secrets s GROUP BY s.key_id ORDER BY s.key_id
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_secret_key_usage()`);
  }
}
