import { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncFlowRuns1796180616688 implements MigrationInterface {
  name = 'SyncFlowRuns1796180616688';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_flow_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "kind" text NOT NULL, "subject" text NOT NULL, "detail" jsonb NOT NULL, CONSTRAINT "uq_sync_flow_events_subject" UNIQUE ("tenant_id", "integration_id", "kind", "subject"), CONSTRAINT "uq_sync_flow_events_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_f396c8986f74c001d6b4adbdbe0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_flow_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "flow_key" text NOT NULL, "flow_version" integer NOT NULL, "pending_change_id" uuid NOT NULL, "entity" text NOT NULL, "source_key" text NOT NULL, "state" text NOT NULL DEFAULT 'running', "current_node" text NOT NULL, "deadline" TIMESTAMP WITH TIME ZONE, "waiting_for" text, "action" text, "message" text, "finished_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_flow_runs_change" UNIQUE ("tenant_id", "pending_change_id"), CONSTRAINT "uq_sync_flow_runs_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_92b41ebc846aa8e2fc84ed2b2a3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_flow_runs_flow" ON "sync_flow_runs" ("tenant_id", "integration_id", "flow_key", "state", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_flow_run_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "run_id" uuid NOT NULL, "seq" integer NOT NULL, "node_id" text NOT NULL, "node_kind" text NOT NULL, "outcome" text NOT NULL, "input_summary" jsonb NOT NULL, "output_summary" jsonb NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_sync_flow_run_steps_seq" UNIQUE ("tenant_id", "run_id", "seq"), CONSTRAINT "uq_sync_flow_run_steps_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_9691ed7bc2c19a900489051bff4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_flow_run_steps_run" ON "sync_flow_run_steps" ("tenant_id", "run_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_flow_events" ADD CONSTRAINT "FK_7adb2c04d191b23002625635d99" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_flow_events" ADD CONSTRAINT "FK_aa08cff34f2b1289b0b3461ce6e" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_flow_runs" ADD CONSTRAINT "FK_4988db4cbe02a8eaa602a227474" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_flow_runs" ADD CONSTRAINT "FK_c105e104875c9c83228f0443247" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_flow_run_steps" ADD CONSTRAINT "FK_ed7835cb5112cae4378d56380b6" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_flow_run_steps" ADD CONSTRAINT "FK_f015f8563fd9f0c25a43b5c25f6" FOREIGN KEY ("tenant_id", "run_id") REFERENCES "sync_flow_runs"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_flow_run_steps" DROP CONSTRAINT "FK_f015f8563fd9f0c25a43b5c25f6"`);
    await queryRunner.query(`ALTER TABLE "sync_flow_run_steps" DROP CONSTRAINT "FK_ed7835cb5112cae4378d56380b6"`);
    await queryRunner.query(`ALTER TABLE "sync_flow_runs" DROP CONSTRAINT "FK_c105e104875c9c83228f0443247"`);
    await queryRunner.query(`ALTER TABLE "sync_flow_runs" DROP CONSTRAINT "FK_4988db4cbe02a8eaa602a227474"`);
    await queryRunner.query(`ALTER TABLE "sync_flow_events" DROP CONSTRAINT "FK_aa08cff34f2b1289b0b3461ce6e"`);
    await queryRunner.query(`ALTER TABLE "sync_flow_events" DROP CONSTRAINT "FK_7adb2c04d191b23002625635d99"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_flow_run_steps_run"`);
    await queryRunner.query(`DROP TABLE "sync_flow_run_steps"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_flow_runs_flow"`);
    await queryRunner.query(`DROP TABLE "sync_flow_runs"`);
    await queryRunner.query(`DROP TABLE "sync_flow_events"`);
  }
}
