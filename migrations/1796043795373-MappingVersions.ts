import { MigrationInterface, QueryRunner } from 'typeorm';

export class MappingVersions1796043795373 implements MigrationInterface {
  name = 'MappingVersions1796043795373';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mapping_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "entity" text NOT NULL, "direction" text NOT NULL, "version" integer NOT NULL, "document" jsonb NOT NULL, "author_user_id" uuid, "copied_from_version" integer, "comment" text, CONSTRAINT "uq_mapping_versions_number" UNIQUE ("tenant_id", "integration_id", "entity", "direction", "version"), CONSTRAINT "uq_mapping_versions_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_b764e9d3fa342987a8f18fb51ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_mapping_versions_integration" ON "mapping_versions" ("tenant_id", "integration_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "mapping_heads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "entity" text NOT NULL, "direction" text NOT NULL, "active_version_id" uuid NOT NULL, "active_version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_mapping_heads_key" UNIQUE ("tenant_id", "integration_id", "entity", "direction"), CONSTRAINT "uq_mapping_heads_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_0df7b7c8e5b896a3c2a94c62b64" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "mapping_versions" ADD CONSTRAINT "FK_3020cebe8cda241dbf80741df59" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mapping_versions" ADD CONSTRAINT "FK_594cd221e33d6b63628d31e273a" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mapping_heads" ADD CONSTRAINT "FK_14436a166ef3802dfedc94d6d2c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mapping_heads" ADD CONSTRAINT "FK_c2f4183fad86d16a57ad24001dd" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mapping_heads" ADD CONSTRAINT "FK_e1c40d4d631cc388d0074cf1f3b" FOREIGN KEY ("tenant_id", "active_version_id") REFERENCES "mapping_versions"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mapping_heads" DROP CONSTRAINT "FK_e1c40d4d631cc388d0074cf1f3b"`);
    await queryRunner.query(`ALTER TABLE "mapping_heads" DROP CONSTRAINT "FK_c2f4183fad86d16a57ad24001dd"`);
    await queryRunner.query(`ALTER TABLE "mapping_heads" DROP CONSTRAINT "FK_14436a166ef3802dfedc94d6d2c"`);
    await queryRunner.query(`ALTER TABLE "mapping_versions" DROP CONSTRAINT "FK_594cd221e33d6b63628d31e273a"`);
    await queryRunner.query(`ALTER TABLE "mapping_versions" DROP CONSTRAINT "FK_3020cebe8cda241dbf80741df59"`);
    await queryRunner.query(`DROP TABLE "mapping_heads"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mapping_versions_integration"`);
    await queryRunner.query(`DROP TABLE "mapping_versions"`);
  }
}
