import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReconSchedules1796221829342 implements MigrationInterface {
  name = 'ReconSchedules1796221829342';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "recon_schedules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "cadence" text NOT NULL, "hour_utc" smallint NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "next_run_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_run_id" uuid, "updated_by_user_id" uuid, CONSTRAINT "uq_recon_schedules_integration" UNIQUE ("tenant_id", "integration_id"), CONSTRAINT "uq_recon_schedules_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_3f39f48e73c2b8d08a8d3392e61" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_recon_schedules_due" ON "recon_schedules" ("tenant_id", "next_run_at") `);
    await queryRunner.query(
      `ALTER TABLE "recon_schedules" ADD CONSTRAINT "FK_93c0d7918120cde53e1631e8c15" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recon_schedules" ADD CONSTRAINT "FK_2b0a6a77c1a569950d223e4daef" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recon_schedules" DROP CONSTRAINT "FK_2b0a6a77c1a569950d223e4daef"`);
    await queryRunner.query(`ALTER TABLE "recon_schedules" DROP CONSTRAINT "FK_93c0d7918120cde53e1631e8c15"`);
    await queryRunner.query(`DROP INDEX "public"."ix_recon_schedules_due"`);
    await queryRunner.query(`DROP TABLE "recon_schedules"`);
  }
}
