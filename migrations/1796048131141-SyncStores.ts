import { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncStores1796048131141 implements MigrationInterface {
  name = 'SyncStores1796048131141';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_cross_references" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "entity" text NOT NULL, "x3_key" text NOT NULL, "xero_id" text, "xero_natural_key" text, "content_hash" text NOT NULL, "mapping_version" integer, "last_written_at" TIMESTAMP WITH TIME ZONE, "state" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_cross_references_xero_id" UNIQUE ("tenant_id", "integration_id", "entity", "xero_id"), CONSTRAINT "uq_sync_cross_references_x3_key" UNIQUE ("tenant_id", "integration_id", "entity", "x3_key"), CONSTRAINT "uq_sync_cross_references_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_c27d7a0903e95d6f3d88498e71b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_flow_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "flow_key" text NOT NULL, "version" integer NOT NULL, "document" jsonb NOT NULL, "author_user_id" uuid, CONSTRAINT "uq_sync_flow_versions_number" UNIQUE ("tenant_id", "integration_id", "flow_key", "version"), CONSTRAINT "uq_sync_flow_versions_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_aed0be327f297ef64f223c1709d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_flow_versions_integration" ON "sync_flow_versions" ("tenant_id", "integration_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_flow_heads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "flow_key" text NOT NULL, "active_version_id" uuid NOT NULL, "active_version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_flow_heads_key" UNIQUE ("tenant_id", "integration_id", "flow_key"), CONSTRAINT "uq_sync_flow_heads_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_cc04d3fbe15b6171f00e59cddd8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_cross_references" ADD CONSTRAINT "FK_ed427f3c4c773c9c2537495f654" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_cross_references" ADD CONSTRAINT "FK_ecc54507257545e66c963e1cd10" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_flow_versions" ADD CONSTRAINT "FK_2be62580ce88e22cd367c8c5671" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_flow_versions" ADD CONSTRAINT "FK_7eb06f7ac76713b3f63123dcde8" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_flow_heads" ADD CONSTRAINT "FK_f85517a4ae44c977ca99db284fd" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_flow_heads" ADD CONSTRAINT "FK_2e853d23999689afd9c85039e81" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_flow_heads" ADD CONSTRAINT "FK_56aac381075b028553f24a74f52" FOREIGN KEY ("tenant_id", "active_version_id") REFERENCES "sync_flow_versions"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_flow_heads" DROP CONSTRAINT "FK_56aac381075b028553f24a74f52"`);
    await queryRunner.query(`ALTER TABLE "sync_flow_heads" DROP CONSTRAINT "FK_2e853d23999689afd9c85039e81"`);
    await queryRunner.query(`ALTER TABLE "sync_flow_heads" DROP CONSTRAINT "FK_f85517a4ae44c977ca99db284fd"`);
    await queryRunner.query(`ALTER TABLE "sync_flow_versions" DROP CONSTRAINT "FK_7eb06f7ac76713b3f63123dcde8"`);
    await queryRunner.query(`ALTER TABLE "sync_flow_versions" DROP CONSTRAINT "FK_2be62580ce88e22cd367c8c5671"`);
    await queryRunner.query(`ALTER TABLE "sync_cross_references" DROP CONSTRAINT "FK_ecc54507257545e66c963e1cd10"`);
    await queryRunner.query(`ALTER TABLE "sync_cross_references" DROP CONSTRAINT "FK_ed427f3c4c773c9c2537495f654"`);
    await queryRunner.query(`DROP TABLE "sync_flow_heads"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_flow_versions_integration"`);
    await queryRunner.query(`DROP TABLE "sync_flow_versions"`);
    await queryRunner.query(`DROP TABLE "sync_cross_references"`);
  }
}
