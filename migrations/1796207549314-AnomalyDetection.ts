import { MigrationInterface, QueryRunner } from 'typeorm';

export class AnomalyDetection1796207549314 implements MigrationInterface {
  name = 'AnomalyDetection1796207549314';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_anomaly_findings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "flow_key" text NOT NULL, "entity" text NOT NULL, "subject" text NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "pending_change_id" uuid, "explanation" text NOT NULL, "detail" jsonb NOT NULL DEFAULT '{}', "resolution" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_anomaly_findings_subject" UNIQUE ("tenant_id", "integration_id", "flow_key", "subject", "kind"), CONSTRAINT "uq_sync_anomaly_findings_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_96a16bc293311a66d36688ca232" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_anomaly_findings_status" ON "sync_anomaly_findings" ("tenant_id", "status", "kind") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_anomaly_profiles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "entity" text NOT NULL, "scope" text NOT NULL, "subject" text NOT NULL, "stats" jsonb NOT NULL DEFAULT '{}', "rules" jsonb NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_anomaly_profiles_subject" UNIQUE ("tenant_id", "integration_id", "entity", "scope", "subject"), CONSTRAINT "uq_sync_anomaly_profiles_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_9ae42e6dae9c0c7a636c2d23a83" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_anomaly_findings" ADD CONSTRAINT "FK_3d5b889908eac57ebad88b564ad" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_anomaly_profiles" ADD CONSTRAINT "FK_ff5110c20e32556ead471c25ff2" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_anomaly_profiles" DROP CONSTRAINT "FK_ff5110c20e32556ead471c25ff2"`);
    await queryRunner.query(`ALTER TABLE "sync_anomaly_findings" DROP CONSTRAINT "FK_3d5b889908eac57ebad88b564ad"`);
    await queryRunner.query(`DROP TABLE "sync_anomaly_profiles"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_anomaly_findings_status"`);
    await queryRunner.query(`DROP TABLE "sync_anomaly_findings"`);
  }
}
