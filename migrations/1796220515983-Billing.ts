import { MigrationInterface, QueryRunner } from 'typeorm';

export class Billing1796220515983 implements MigrationInterface {
  name = 'Billing1796220515983';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "billing_accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "stripe_customer_id" text, "stripe_subscription_id" text, "status" text NOT NULL DEFAULT 'none', "plan" text, "interval" text, "current_period_end" TIMESTAMP WITH TIME ZONE, "trial_end" TIMESTAMP WITH TIME ZONE, "cancel_at_period_end" boolean NOT NULL DEFAULT false, "grace_until" TIMESTAMP WITH TIME ZONE, "tax_id" text, "active_integration_ids" uuid array, "stripe_synced_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_billing_accounts_customer" UNIQUE ("stripe_customer_id"), CONSTRAINT "uq_billing_accounts_tenant" UNIQUE ("tenant_id"), CONSTRAINT "uq_billing_accounts_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_f693b4dfaa4ad064b3821cb6d79" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "stripe_events" ("id" text NOT NULL, "type" text NOT NULL, "customer_id" text, "routed_tenant_id" uuid, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, "payload" jsonb NOT NULL, CONSTRAINT "PK_d3247bd5fc3f66b6982bbcdd897" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_stripe_events_unprocessed" ON "stripe_events" ("received_at") WHERE processed_at IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "billing_accounts" ADD CONSTRAINT "FK_9c21602fd4e27ce7c5bdba562a9" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "billing_accounts" DROP CONSTRAINT "FK_9c21602fd4e27ce7c5bdba562a9"`);
    await queryRunner.query(`DROP INDEX "public"."ix_stripe_events_unprocessed"`);
    await queryRunner.query(`DROP TABLE "stripe_events"`);
    await queryRunner.query(`DROP TABLE "billing_accounts"`);
  }
}
