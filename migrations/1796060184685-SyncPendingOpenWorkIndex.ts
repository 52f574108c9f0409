import { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncPendingOpenWorkIndex1796060184685 implements MigrationInterface {
  name = 'SyncPendingOpenWorkIndex1796060184685';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_sync_pending_changes_open_work" ON "sync_pending_changes" ("state", "available_at") WHERE state IN ('pending', 'claimed')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_sync_pending_changes_open_work"`);
  }
}
