import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: the system door's list of deleted tenants whose retention period has passed. */
export class TenantPurgeDoor1795711374196 implements MigrationInterface {
  name = 'TenantPurgeDoor1795711374196';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION lb_tenants_due_for_purge() RETURNS SETOF uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT id FROM tenants WHERE status = 'deleting' AND purge_after <= now() ORDER BY purge_after
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_tenants_due_for_purge()`);
  }
}
