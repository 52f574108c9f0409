import { MigrationInterface, QueryRunner } from 'typeorm';

export class DashboardIndexes1796193146425 implements MigrationInterface {
  name = 'DashboardIndexes1796193146425';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_sync_pending_changes_recent" ON "sync_pending_changes" ("integration_id", "updated_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_pending_changes_settled" ON "sync_pending_changes" ("integration_id", "flow_key", "settled_at") WHERE settled_at IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_sync_pending_changes_settled"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_pending_changes_recent"`);
  }
}
