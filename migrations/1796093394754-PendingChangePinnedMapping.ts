import { MigrationInterface, QueryRunner } from 'typeorm';

export class PendingChangePinnedMapping1796093394754 implements MigrationInterface {
  name = 'PendingChangePinnedMapping1796093394754';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_pending_changes" ADD "pinned_mapping_version" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_pending_changes" DROP COLUMN "pinned_mapping_version"`);
  }
}
