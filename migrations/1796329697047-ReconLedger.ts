import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReconLedger1796329697047 implements MigrationInterface {
  name = 'ReconLedger1796329697047';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "recon_ledger_settings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "in_step_from" date NOT NULL, "receivable_accounts" text array NOT NULL DEFAULT '{}', "payable_accounts" text array NOT NULL DEFAULT '{}', "updated_by_user_id" uuid, CONSTRAINT "uq_recon_ledger_settings_integration" UNIQUE ("tenant_id", "integration_id"), CONSTRAINT "uq_recon_ledger_settings_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_cbae86d1779b51bb94b9edae26f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "recon_runs" ADD "ledger" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "recon_ledger_settings" ADD CONSTRAINT "FK_b747d2967badb51e0fe8b3e6383" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recon_ledger_settings" ADD CONSTRAINT "FK_63512e6baa4e64e0eac0e7d4eca" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recon_ledger_settings" DROP CONSTRAINT "FK_63512e6baa4e64e0eac0e7d4eca"`);
    await queryRunner.query(`ALTER TABLE "recon_ledger_settings" DROP CONSTRAINT "FK_b747d2967badb51e0fe8b3e6383"`);
    await queryRunner.query(`ALTER TABLE "recon_runs" DROP COLUMN "ledger"`);
    await queryRunner.query(`DROP TABLE "recon_ledger_settings"`);
  }
}
