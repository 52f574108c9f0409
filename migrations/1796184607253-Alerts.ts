import { MigrationInterface, QueryRunner } from 'typeorm';

export class Alerts1796184607253 implements MigrationInterface {
  name = 'Alerts1796184607253';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "alert_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "kind" text NOT NULL, "threshold" integer NOT NULL DEFAULT '0', "window_minutes" integer, "integration_id" uuid, "flow_key" text, "email_recipients" text array NOT NULL DEFAULT '{}', "webhook_url" text, "webhook_secret_id" uuid, "enabled" boolean NOT NULL DEFAULT true, CONSTRAINT "uq_alert_rules_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_ae580564f087ffab9d229225aec" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "rule_id" uuid NOT NULL, "subject" text NOT NULL, "state" text NOT NULL DEFAULT 'open', "summary" text NOT NULL, "details" jsonb NOT NULL DEFAULT '{}', "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_alerts_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_alerts_open_subject" ON "alerts" ("tenant_id", "rule_id", "subject") WHERE state = 'open'`,
    );
    await queryRunner.query(
      `CREATE TABLE "alert_webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "alert_id" uuid NOT NULL, "event" text NOT NULL, "body" text NOT NULL, "state" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_alert_webhook_deliveries_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_5de46b4484583ca52179b232e96" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "alert_rules" ADD CONSTRAINT "FK_19f0d3eba80c0d5f64c446dd804" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "FK_52b11d208611563cab1c336ed6b" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "FK_78a8d168b7db66e8f8c90505229" FOREIGN KEY ("tenant_id", "rule_id") REFERENCES "alert_rules"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "alert_webhook_deliveries" ADD CONSTRAINT "FK_95b50e1d28c6d5290de2ef8c671" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "alert_webhook_deliveries" ADD CONSTRAINT "FK_e4bf97067fddf1afd5f6fd5f213" FOREIGN KEY ("tenant_id", "alert_id") REFERENCES "alerts"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert_webhook_deliveries" DROP CONSTRAINT "FK_e4bf97067fddf1afd5f6fd5f213"`);
    await queryRunner.query(`ALTER TABLE "alert_webhook_deliveries" DROP CONSTRAINT "FK_95b50e1d28c6d5290de2ef8c671"`);
    await queryRunner.query(`ALTER TABLE "alerts" DROP CONSTRAINT "FK_78a8d168b7db66e8f8c90505229"`);
    await queryRunner.query(`ALTER TABLE "alerts" DROP CONSTRAINT "FK_52b11d208611563cab1c336ed6b"`);
    await queryRunner.query(`ALTER TABLE "alert_rules" DROP CONSTRAINT "FK_19f0d3eba80c0d5f64c446dd804"`);
    await queryRunner.query(`DROP TABLE "alert_webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."uq_alerts_open_subject"`);
    await queryRunner.query(`DROP TABLE "alerts"`);
    await queryRunner.query(`DROP TABLE "alert_rules"`);
  }
}
