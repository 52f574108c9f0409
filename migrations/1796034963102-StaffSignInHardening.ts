import { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffSignInHardening1796034963102 implements MigrationInterface {
  name = 'StaffSignInHardening1796034963102';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "staff_audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_id" uuid NOT NULL, "staff_email" text NOT NULL, "action" text NOT NULL, "actor" text NOT NULL, "details" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d3926b9142882c0621d4e809f56" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_staff_audit_log_staff" ON "staff_audit_log" ("staff_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "invitations" ADD "token_secret_id" uuid`);
    await queryRunner.query(`ALTER TABLE "email_outbox" ADD "invitation_id" uuid`);
    await queryRunner.query(`ALTER TABLE "staff_users" ADD "totp_pending_ciphertext" text`);
    await queryRunner.query(`ALTER TABLE "staff_users" ADD "failed_sign_ins" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "staff_users" ADD "locked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "staff_users" ALTER COLUMN "totp_ciphertext" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_users" ALTER COLUMN "totp_ciphertext" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "staff_users" DROP COLUMN "locked_at"`);
    await queryRunner.query(`ALTER TABLE "staff_users" DROP COLUMN "failed_sign_ins"`);
    await queryRunner.query(`ALTER TABLE "staff_users" DROP COLUMN "totp_pending_ciphertext"`);
    await queryRunner.query(`ALTER TABLE "email_outbox" DROP COLUMN "invitation_id"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP COLUMN "token_secret_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_staff_audit_log_staff"`);
    await queryRunner.query(`DROP TABLE "staff_audit_log"`);
  }
}
