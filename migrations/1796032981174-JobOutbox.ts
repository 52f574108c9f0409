import { MigrationInterface, QueryRunner } from 'typeorm';

export class JobOutbox1796032981174 implements MigrationInterface {
  name = 'JobOutbox1796032981174';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "job_outbox" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "tenant_id" uuid, "queue_name" text NOT NULL, "job_name" text NOT NULL, "payload" jsonb NOT NULL, "job_id" text, "priority" integer, "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claimed_until" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c3ba45dab51e3016acef18d0433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_job_outbox_claimable" ON "job_outbox" ("claimed_until", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_job_outbox_claimable"`);
    await queryRunner.query(`DROP TABLE "job_outbox"`);
  }
}
