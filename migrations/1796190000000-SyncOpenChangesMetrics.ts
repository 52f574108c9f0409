import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the metrics' cross-tenant door onto sync_pending_changes. Operators' dashboards
 * show the open pending changes and the age of the oldest one by flow kind (entity, direction),
 * over all tenants: counts and ages only, never a tenant, a key or a record.
 */
export class SyncOpenChangesMetrics1796190000000 implements MigrationInterface {
  name = 'SyncOpenChangesMetrics1796190000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION lb_sync_open_changes_by_kind()
      RETURNS TABLE (entity text, direction text, open integer, oldest_seconds integer)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT p.entity, p.direction, count(*)::int,
               coalesce(extract(epoch FROM now() - min(p.created_at)), 0)::int
        FROM sync_pending_changes p
        WHERE p.state IN ('pending', 'claimed', 'waiting')
        GROUP BY p.entity, p.direction
      $$`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_sync_open_changes_by_kind()'::regprocedure)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_sync_open_changes_by_kind()`);
  }
}
