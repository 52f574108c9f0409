import { MigrationInterface, QueryRunner } from 'typeorm';

export class RecordTrail1796193369557 implements MigrationInterface {
  name = 'RecordTrail1796193369557';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_record_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "run_id" uuid, "pending_change_id" uuid, "flow_key" text NOT NULL, "entity" text NOT NULL, "direction" text NOT NULL, "event" text NOT NULL, "intake" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "source_key" text COLLATE "C" NOT NULL, "record_key" text COLLATE "C" NOT NULL, "target_id" text COLLATE "C", "before" jsonb, "after" jsonb, "response" jsonb, CONSTRAINT "uq_sync_record_events_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_0cbda2cf46f8cb30bcf286a738f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sync_record_events_age" ON "sync_record_events" ("tenant_id", "at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_sync_record_events_run" ON "sync_record_events" ("run_id", "at") WHERE run_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_record_events_target_id" ON "sync_record_events" ("integration_id", "target_id", "at") WHERE target_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_record_events_source_key" ON "sync_record_events" ("integration_id", "source_key", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_record_events_record_key" ON "sync_record_events" ("integration_id", "record_key", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_record_events_list" ON "sync_record_events" ("integration_id", "at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "flow_key" text NOT NULL, "direction" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL, "claimed" integer NOT NULL DEFAULT '0', "created" integer NOT NULL DEFAULT '0', "updated" integer NOT NULL DEFAULT '0', "unchanged" integer NOT NULL DEFAULT '0', "dead" integer NOT NULL DEFAULT '0', "held" integer NOT NULL DEFAULT '0', "waiting" integer NOT NULL DEFAULT '0', "xero_calls" integer NOT NULL DEFAULT '0', "outcome" text NOT NULL, "status" text NOT NULL, "error" text, CONSTRAINT "uq_sync_runs_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_adf13fff41a683b3b991fb90b11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_runs_list" ON "sync_runs" ("tenant_id", "integration_id", "started_at", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_record_events" ADD CONSTRAINT "FK_2e31dcd172f8d8d2d6fc7acca6b" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_record_events" ADD CONSTRAINT "FK_a3194da50f1f7c36eefae9b9f58" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_runs" ADD CONSTRAINT "FK_a754b1b996595f3351294ac2c61" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_runs" ADD CONSTRAINT "FK_adc41a838b7e581329e2b51d9f1" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_runs" DROP CONSTRAINT "FK_adc41a838b7e581329e2b51d9f1"`);
    await queryRunner.query(`ALTER TABLE "sync_runs" DROP CONSTRAINT "FK_a754b1b996595f3351294ac2c61"`);
    await queryRunner.query(`ALTER TABLE "sync_record_events" DROP CONSTRAINT "FK_a3194da50f1f7c36eefae9b9f58"`);
    await queryRunner.query(`ALTER TABLE "sync_record_events" DROP CONSTRAINT "FK_2e31dcd172f8d8d2d6fc7acca6b"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_runs_list"`);
    await queryRunner.query(`DROP TABLE "sync_runs"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_record_events_list"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_record_events_record_key"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_record_events_source_key"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_record_events_target_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_record_events_run"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_record_events_age"`);
    await queryRunner.query(`DROP TABLE "sync_record_events"`);
  }
}
