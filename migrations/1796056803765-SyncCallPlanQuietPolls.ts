import { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncCallPlanQuietPolls1796056803765 implements MigrationInterface {
  name = 'SyncCallPlanQuietPolls1796056803765';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_call_plans" ADD "quiet_polls" jsonb NOT NULL DEFAULT '{}'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_call_plans" DROP COLUMN "quiet_polls"`);
  }
}
