import { MigrationInterface, QueryRunner } from 'typeorm';

export class PendingChangeForceWrite1796234817633 implements MigrationInterface {
  name = 'PendingChangeForceWrite1796234817633';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_pending_changes" ADD "force_write" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_pending_changes" DROP COLUMN "force_write"`);
  }
}
