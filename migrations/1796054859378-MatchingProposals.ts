import { MigrationInterface, QueryRunner } from 'typeorm';

export class MatchingProposals1796054859378 implements MigrationInterface {
  name = 'MatchingProposals1796054859378';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_contact_names" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "entity" text NOT NULL, "x3_key" text NOT NULL, "name" text NOT NULL, "confirmed_by_user_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_contact_names_party" UNIQUE ("tenant_id", "integration_id", "entity", "x3_key"), CONSTRAINT "uq_sync_contact_names_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_10ace663a2b69003f331997ca49" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_match_proposals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "kind" text NOT NULL, "entity" text NOT NULL, "x3_key" text NOT NULL, "xero_id" text, "xero_natural_key" text, "rule" text, "confidence" integer, "content_hash" text, "detail" jsonb NOT NULL, CONSTRAINT "uq_sync_match_proposals_line" UNIQUE ("tenant_id", "integration_id", "kind", "entity", "x3_key"), CONSTRAINT "uq_sync_match_proposals_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_5c5e54bb1cb07f245d9abd89a72" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_match_proposals_integration" ON "sync_match_proposals" ("tenant_id", "integration_id", "kind") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_matchings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "run_id" uuid NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "counts" jsonb NOT NULL, "shared" jsonb NOT NULL, "taken_names" jsonb NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE, "confirmed_by_user_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_matchings_integration" UNIQUE ("tenant_id", "integration_id"), CONSTRAINT "uq_sync_matchings_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_1385c5456811b71dada67eb8232" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_contact_names" ADD CONSTRAINT "FK_80c045ad478b213c4dfa66045a6" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_contact_names" ADD CONSTRAINT "FK_3708e86707cfd12d4b0166eb0bb" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_match_proposals" ADD CONSTRAINT "FK_ea2fcdc9d298ed0b0791398ab66" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_match_proposals" ADD CONSTRAINT "FK_e2bbf09b9cf0fc21679693c1b54" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_matchings" ADD CONSTRAINT "FK_643fc05538c2854f50bc2fc39ab" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_matchings" ADD CONSTRAINT "FK_0a057dd2014569263c4f0c905ef" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_matchings" DROP CONSTRAINT "FK_0a057dd2014569263c4f0c905ef"`);
    await queryRunner.query(`ALTER TABLE "sync_matchings" DROP CONSTRAINT "FK_643fc05538c2854f50bc2fc39ab"`);
    await queryRunner.query(`ALTER TABLE "sync_match_proposals" DROP CONSTRAINT "FK_e2bbf09b9cf0fc21679693c1b54"`);
    await queryRunner.query(`ALTER TABLE "sync_match_proposals" DROP CONSTRAINT "FK_ea2fcdc9d298ed0b0791398ab66"`);
    await queryRunner.query(`ALTER TABLE "sync_contact_names" DROP CONSTRAINT "FK_3708e86707cfd12d4b0166eb0bb"`);
    await queryRunner.query(`ALTER TABLE "sync_contact_names" DROP CONSTRAINT "FK_80c045ad478b213c4dfa66045a6"`);
    await queryRunner.query(`DROP TABLE "sync_matchings"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_match_proposals_integration"`);
    await queryRunner.query(`DROP TABLE "sync_match_proposals"`);
    await queryRunner.query(`DROP TABLE "sync_contact_names"`);
  }
}
