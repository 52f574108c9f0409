import { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncPendingChanges1796054507663 implements MigrationInterface {
  name = 'SyncPendingChanges1796054507663';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_flow_cursors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "flow_key" text NOT NULL, "side" text NOT NULL, "cursor" jsonb NOT NULL, "polled_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_flow_cursors_flow" UNIQUE ("tenant_id", "integration_id", "flow_key", "side"), CONSTRAINT "uq_sync_flow_cursors_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_1a427ea9bca923a41e86ef9078b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_pending_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "flow_key" text NOT NULL, "entity" text NOT NULL, "direction" text NOT NULL, "source_key" text NOT NULL, "lane" smallint NOT NULL, "state" text NOT NULL DEFAULT 'pending', "source" jsonb, "dirty" boolean NOT NULL DEFAULT false, "waiting_on" text, "attempts" integer NOT NULL DEFAULT '0', "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claim_id" uuid, "claimed_until" TIMESTAMP WITH TIME ZONE, "mapping_version" integer, "outcome" jsonb, "last_error" text, "settled_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_pending_changes_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_faebbbd148ee53a92e777e5006b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_pending_changes_waiting_on" ON "sync_pending_changes" ("integration_id", "waiting_on") WHERE state = 'waiting'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_pending_changes_drain" ON "sync_pending_changes" ("integration_id", "flow_key", "state", "lane", "available_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_sync_pending_changes_open" ON "sync_pending_changes" ("tenant_id", "integration_id", "flow_key", "source_key") WHERE state IN ('pending', 'claimed', 'waiting')`,
    );
    await queryRunner.query(`ALTER TABLE "integrations" ADD "pause_reasons" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `ALTER TABLE "sync_flow_cursors" ADD CONSTRAINT "FK_5abc4fd4120e4f1ccba48713182" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_flow_cursors" ADD CONSTRAINT "FK_18b1914d5e963c9d51fafbdb1b6" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_pending_changes" ADD CONSTRAINT "FK_fcc3b4b18e83b1844828b953385" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_pending_changes" ADD CONSTRAINT "FK_8971d3106d9f5e8ad2d6e1bce0e" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_pending_changes" DROP CONSTRAINT "FK_8971d3106d9f5e8ad2d6e1bce0e"`);
    await queryRunner.query(`ALTER TABLE "sync_pending_changes" DROP CONSTRAINT "FK_fcc3b4b18e83b1844828b953385"`);
    await queryRunner.query(`ALTER TABLE "sync_flow_cursors" DROP CONSTRAINT "FK_18b1914d5e963c9d51fafbdb1b6"`);
    await queryRunner.query(`ALTER TABLE "sync_flow_cursors" DROP CONSTRAINT "FK_5abc4fd4120e4f1ccba48713182"`);
    await queryRunner.query(`ALTER TABLE "integrations" DROP COLUMN "pause_reasons"`);
    await queryRunner.query(`DROP INDEX "public"."uq_sync_pending_changes_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_pending_changes_drain"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_pending_changes_waiting_on"`);
    await queryRunner.query(`DROP TABLE "sync_pending_changes"`);
    await queryRunner.query(`DROP TABLE "sync_flow_cursors"`);
  }
}
