import { MigrationInterface, QueryRunner } from 'typeorm';

export class MappingSuggestions1796180632790 implements MigrationInterface {
  name = 'MappingSuggestions1796180632790';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mapping_suggestions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "kind" text NOT NULL, "direction" text NOT NULL, "scope" text NOT NULL, "source_key" text NOT NULL, "source_label" text NOT NULL, "target_key" text NOT NULL, "target_label" text NOT NULL, "confidence" numeric(3,2) NOT NULL, "reasons" jsonb NOT NULL, "alternatives" jsonb NOT NULL, "status" text NOT NULL, "decided_by_user_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "mapping_version" integer, CONSTRAINT "uq_mapping_suggestions_pair" UNIQUE ("tenant_id", "integration_id", "kind", "direction", "scope", "source_key", "target_key"), CONSTRAINT "uq_mapping_suggestions_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_299c85f0239d5688e1a18bc02da" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_mapping_suggestions_decided" ON "mapping_suggestions" ("tenant_id", "kind", "status") `,
    );
    await queryRunner.query(
      `ALTER TABLE "mapping_suggestions" ADD CONSTRAINT "FK_7a9075a1cb02d564ff60e2f8b64" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mapping_suggestions" ADD CONSTRAINT "FK_71f7292d174154ed2fbc74d8188" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mapping_suggestions" DROP CONSTRAINT "FK_71f7292d174154ed2fbc74d8188"`);
    await queryRunner.query(`ALTER TABLE "mapping_suggestions" DROP CONSTRAINT "FK_7a9075a1cb02d564ff60e2f8b64"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mapping_suggestions_decided"`);
    await queryRunner.query(`DROP TABLE "mapping_suggestions"`);
  }
}
