import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportingKeys1796252415227 implements MigrationInterface {
  name = 'ReportingKeys1796252415227';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reporting_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "key_prefix" text NOT NULL, "key_hash" text NOT NULL, "created_by_user_id" uuid, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_reporting_keys_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_208df5de394b73673949d0a1927" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_reporting_keys_hash" ON "reporting_keys" ("key_hash") `);
    await queryRunner.query(
      `ALTER TABLE "reporting_keys" ADD CONSTRAINT "FK_803954c9645690f32a7fa21a2e7" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reporting_keys" DROP CONSTRAINT "FK_803954c9645690f32a7fa21a2e7"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reporting_keys_hash"`);
    await queryRunner.query(`DROP TABLE "reporting_keys"`);
  }
}
