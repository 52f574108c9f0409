import { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncCallPlans1796056015627 implements MigrationInterface {
  name = 'SyncCallPlans1796056015627';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_call_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "day_limit" integer, "backfill_paused_flows" text array NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_call_plans_integration" UNIQUE ("tenant_id", "integration_id"), CONSTRAINT "uq_sync_call_plans_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_e754e21ebb9937265a03d78de9f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_call_plans" ADD CONSTRAINT "FK_722960038bcb3df3f92c0a88c7b" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_call_plans" ADD CONSTRAINT "FK_699f22a753e7010a2af13005a6e" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_call_plans" DROP CONSTRAINT "FK_699f22a753e7010a2af13005a6e"`);
    await queryRunner.query(`ALTER TABLE "sync_call_plans" DROP CONSTRAINT "FK_722960038bcb3df3f92c0a88c7b"`);
    await queryRunner.query(`DROP TABLE "sync_call_plans"`);
  }
}
