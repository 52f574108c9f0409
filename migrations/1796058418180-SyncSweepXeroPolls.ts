import { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncSweepXeroPolls1796058418180 implements MigrationInterface {
  name = 'SyncSweepXeroPolls1796058418180';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_poll_schedules" ADD "xero_enqueued_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_poll_schedules" DROP COLUMN "xero_enqueued_at"`);
  }
}
