import { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1795710461460 implements MigrationInterface {
  name = 'Accounts1795710461460';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "email" text NOT NULL, "role" text NOT NULL, "token_hash" text NOT NULL, "invited_by_user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "accepted_by_user_id" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_invitations_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_invitations_token_hash" ON "invitations" ("token_hash") `);
    await queryRunner.query(
      `CREATE TABLE "email_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "to_address" text NOT NULL, "subject" text NOT NULL, "body" text NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_email_outbox_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_b6fbfc201f705fbf1ac87bd7197" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id_hash" text NOT NULL, "user_id" uuid, "staff_id" uuid, "data" jsonb NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5dda86a77da1e1e37e690a45996" PRIMARY KEY ("id_hash"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sessions_user" ON "sessions" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_sessions_staff" ON "sessions" ("staff_id") `);
    await queryRunner.query(`CREATE INDEX "ix_sessions_expires" ON "sessions" ("expires_at") `);
    await queryRunner.query(
      `CREATE TABLE "staff_users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "totp_ciphertext" text NOT NULL, "last_totp_step" bigint, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c6b167335377df69f7910c2c75e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_staff_users_email" ON "staff_users" ("email") `);
    await queryRunner.query(
      `CREATE TABLE "support_grants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "staff_id" uuid NOT NULL, "staff_email" text NOT NULL, "reason" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_support_grants_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_74d34257a4bcd88faf45097d40e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_290e75d606ba89eb421b8b5ec49" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_outbox" ADD CONSTRAINT "FK_fab65be4eebcb30d060b08cffce" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "support_grants" ADD CONSTRAINT "FK_e1aa034fa0b8a19acdb4f314c4e" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "support_grants" DROP CONSTRAINT "FK_e1aa034fa0b8a19acdb4f314c4e"`);
    await queryRunner.query(`ALTER TABLE "email_outbox" DROP CONSTRAINT "FK_fab65be4eebcb30d060b08cffce"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "FK_290e75d606ba89eb421b8b5ec49"`);
    await queryRunner.query(`DROP TABLE "support_grants"`);
    await queryRunner.query(`DROP INDEX "public"."uq_staff_users_email"`);
    await queryRunner.query(`DROP TABLE "staff_users"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sessions_expires"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sessions_staff"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sessions_user"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP TABLE "email_outbox"`);
    await queryRunner.query(`DROP INDEX "public"."uq_invitations_token_hash"`);
    await queryRunner.query(`DROP TABLE "invitations"`);
  }
}
