import { MigrationInterface, QueryRunner } from 'typeorm';

export class Platform1795709492907 implements MigrationInterface {
  name = 'Platform1795709492907';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tenants" ("id" uuid NOT NULL, "name" text NOT NULL, "status" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_kind" text NOT NULL, "actor_id" text, "action" text NOT NULL, "target_type" text, "target_id" text, "details" jsonb NOT NULL DEFAULT '{}', "ip_address" text, "user_agent" text, CONSTRAINT "uq_audit_log_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_log_tenant_created" ON "audit_log" ("tenant_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "xero_user_id" text NOT NULL, "email" text NOT NULL, "display_name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ab1c3494a0fa3bb33464ef5a09" ON "users" ("xero_user_id") `);
    await queryRunner.query(
      `CREATE TABLE "memberships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "role" text NOT NULL, CONSTRAINT "uq_memberships_tenant_user" UNIQUE ("tenant_id", "user_id"), CONSTRAINT "uq_memberships_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "probe_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" text NOT NULL DEFAULT 'queued', "observed_tenant_id" text, "worker_id" text, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_probe_runs_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_7ebe175c7628937951ecf139f7d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "secrets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "purpose" text NOT NULL, "key_id" text NOT NULL, "ciphertext" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_secrets_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_d4ff48ddba1883d4dc142b9c697" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_secrets_key_id" ON "secrets" ("key_id") `);
    await queryRunner.query(
      `ALTER TABLE "audit_log" ADD CONSTRAINT "FK_8ce0776c154c443e780270bbd7f" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_a9c14741084d57ac0ec0cb52af3" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "probe_runs" ADD CONSTRAINT "FK_690856b239efa6c16326b2c80de" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "secrets" ADD CONSTRAINT "FK_31dcd684e1d819c50c9aa5f827a" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "secrets" DROP CONSTRAINT "FK_31dcd684e1d819c50c9aa5f827a"`);
    await queryRunner.query(`ALTER TABLE "probe_runs" DROP CONSTRAINT "FK_690856b239efa6c16326b2c80de"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_a9c14741084d57ac0ec0cb52af3"`);
    await queryRunner.query(`ALTER TABLE "audit_log" DROP CONSTRAINT "FK_8ce0776c154c443e780270bbd7f"`);
    await queryRunner.query(`DROP INDEX "public"."ix_secrets_key_id"`);
    await queryRunner.query(`DROP TABLE "secrets"`);
    await queryRunner.query(`DROP TABLE "probe_runs"`);
    await queryRunner.query(`DROP TABLE "memberships"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ab1c3494a0fa3bb33464ef5a09"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_tenant_created"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP TABLE "tenants"`);
  }
}
