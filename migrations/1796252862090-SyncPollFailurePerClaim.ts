import { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncPollFailurePerClaim1796252862090 implements MigrationInterface {
  name = 'SyncPollFailurePerClaim1796252862090';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_poll_schedules" ADD "poll_failed_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_poll_schedules" DROP COLUMN "poll_failed_at"`);
  }
}
