import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reconciliation1796208267181 implements MigrationInterface {
  name = 'Reconciliation1796208267181';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "recon_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "state" text NOT NULL DEFAULT 'queued', "as_of" date NOT NULL, "requested_by_user_id" uuid, "counts" jsonb NOT NULL DEFAULT '{}', "failure" text, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_recon_runs_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_7cbab9dac15f33c43e940209dfb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_recon_runs_integration" ON "recon_runs" ("tenant_id", "integration_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "recon_differences" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "run_id" uuid NOT NULL, "difference_class" text NOT NULL, "entity" text NOT NULL, "match_key" text NOT NULL, "x3" jsonb NOT NULL, "xero" jsonb NOT NULL, "likely_cause" text NOT NULL, "fix" jsonb NOT NULL, "state" text NOT NULL DEFAULT 'open', "decided_by_user_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_recon_differences_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_a1c6beca877b54a8baf2c29e4a8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_recon_differences_run" ON "recon_differences" ("tenant_id", "run_id", "difference_class", "match_key") `,
    );
    await queryRunner.query(
      `ALTER TABLE "recon_runs" ADD CONSTRAINT "FK_f5e929c23d87e6063e5c2ec85b2" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recon_runs" ADD CONSTRAINT "FK_e32f00f7a0a4c00e5bf9a4cb31e" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recon_differences" ADD CONSTRAINT "FK_ed4903fa35051162faca07a6d77" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recon_differences" ADD CONSTRAINT "FK_f78b10a882bd6adf448e8270e59" FOREIGN KEY ("tenant_id", "run_id") REFERENCES "recon_runs"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recon_differences" DROP CONSTRAINT "FK_f78b10a882bd6adf448e8270e59"`);
    await queryRunner.query(`ALTER TABLE "recon_differences" DROP CONSTRAINT "FK_ed4903fa35051162faca07a6d77"`);
    await queryRunner.query(`ALTER TABLE "recon_runs" DROP CONSTRAINT "FK_e32f00f7a0a4c00e5bf9a4cb31e"`);
    await queryRunner.query(`ALTER TABLE "recon_runs" DROP CONSTRAINT "FK_f5e929c23d87e6063e5c2ec85b2"`);
    await queryRunner.query(`DROP INDEX "public"."ix_recon_differences_run"`);
    await queryRunner.query(`DROP TABLE "recon_differences"`);
    await queryRunner.query(`DROP INDEX "public"."ix_recon_runs_integration"`);
    await queryRunner.query(`DROP TABLE "recon_runs"`);
  }
}
