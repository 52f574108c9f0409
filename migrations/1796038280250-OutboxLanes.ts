import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxLanes1796038280250 implements MigrationInterface {
  name = 'OutboxLanes1796038280250';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "job_outbox" ADD "lane" text NOT NULL DEFAULT 'default'`);
    await queryRunner.query(`CREATE INDEX "ix_job_outbox_lane" ON "job_outbox" ("lane", "claimed_until", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_job_outbox_lane"`);
    await queryRunner.query(`ALTER TABLE "job_outbox" DROP COLUMN "lane"`);
  }
}
