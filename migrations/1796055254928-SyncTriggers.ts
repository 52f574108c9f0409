import { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncTriggers1796055254928 implements MigrationInterface {
  name = 'SyncTriggers1796055254928';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_nudge_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_by_user_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_nudge_tokens_integration" UNIQUE ("tenant_id", "integration_id"), CONSTRAINT "uq_sync_nudge_tokens_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_8312c79ce96036f1745f92c8abf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_poll_schedules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "flow_key" text NOT NULL, "enqueued_at" TIMESTAMP WITH TIME ZONE, "compared_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_poll_schedules_flow" UNIQUE ("tenant_id", "integration_id", "flow_key"), CONSTRAINT "uq_sync_poll_schedules_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_4528beec61f1c8b6f2b62e77440" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_nudge_tokens" ADD CONSTRAINT "FK_23ec7e2543bb83a47c53706efd8" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_nudge_tokens" ADD CONSTRAINT "FK_f08ed6cfc58d3139ffddcf91930" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_poll_schedules" ADD CONSTRAINT "FK_2ae5cb26891ad270c8222df9bb9" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_poll_schedules" ADD CONSTRAINT "FK_22f490c24016d4da142c5de8542" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_poll_schedules" DROP CONSTRAINT "FK_22f490c24016d4da142c5de8542"`);
    await queryRunner.query(`ALTER TABLE "sync_poll_schedules" DROP CONSTRAINT "FK_2ae5cb26891ad270c8222df9bb9"`);
    await queryRunner.query(`ALTER TABLE "sync_nudge_tokens" DROP CONSTRAINT "FK_f08ed6cfc58d3139ffddcf91930"`);
    await queryRunner.query(`ALTER TABLE "sync_nudge_tokens" DROP CONSTRAINT "FK_23ec7e2543bb83a47c53706efd8"`);
    await queryRunner.query(`DROP TABLE "sync_poll_schedules"`);
    await queryRunner.query(`DROP TABLE "sync_nudge_tokens"`);
  }
}
