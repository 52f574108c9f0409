import { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncPollFailures1796126331316 implements MigrationInterface {
  name = 'SyncPollFailures1796126331316';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_poll_schedules" ADD "poll_failures" integer NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_poll_schedules" DROP COLUMN "poll_failures"`);
  }
}
