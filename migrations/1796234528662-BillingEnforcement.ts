import { MigrationInterface, QueryRunner } from 'typeorm';

export class BillingEnforcement1796234528662 implements MigrationInterface {
  name = 'BillingEnforcement1796234528662';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_monthly_usage" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "month" date NOT NULL, "records" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_monthly_usage_month" UNIQUE ("tenant_id", "month"), CONSTRAINT "uq_sync_monthly_usage_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_66a06619c28e37f03340003d7fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "sync_flow_heads" ADD "pause_reasons" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "billing_accounts" ADD "cancel_pending_since" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "billing_accounts" ADD "fair_use_notified_month" date`);
    await queryRunner.query(
      `ALTER TABLE "sync_monthly_usage" ADD CONSTRAINT "FK_20b70f0ff8050e480860e499445" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_monthly_usage" DROP CONSTRAINT "FK_20b70f0ff8050e480860e499445"`);
    await queryRunner.query(`ALTER TABLE "billing_accounts" DROP COLUMN "fair_use_notified_month"`);
    await queryRunner.query(`ALTER TABLE "billing_accounts" DROP COLUMN "cancel_pending_since"`);
    await queryRunner.query(`ALTER TABLE "sync_flow_heads" DROP COLUMN "pause_reasons"`);
    await queryRunner.query(`DROP TABLE "sync_monthly_usage"`);
  }
}
