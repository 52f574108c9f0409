import { MigrationInterface, QueryRunner } from 'typeorm';

export class LedgerCopies1796207819594 implements MigrationInterface {
  name = 'LedgerCopies1796207819594';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "recon_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "side" text NOT NULL, "entity" text NOT NULL, "record_key" text NOT NULL, "match_key" text COLLATE "C" NOT NULL, "counterparty" text, "document_date" date, "currency" text, "total" text, "amount_due" text, "status" text, "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_recon_documents_record" UNIQUE ("tenant_id", "integration_id", "side", "entity", "record_key"), CONSTRAINT "uq_recon_documents_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_a8c0142fedbbf43e52c96dc92a0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_recon_documents_match" ON "recon_documents" ("tenant_id", "integration_id", "entity", "side", "match_key", "record_key") `,
    );
    await queryRunner.query(
      `ALTER TABLE "recon_documents" ADD CONSTRAINT "FK_c29c74905aa00c1d00f2b7ac35f" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recon_documents" ADD CONSTRAINT "FK_5464291bd2268640f3fd1d498bd" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recon_documents" DROP CONSTRAINT "FK_5464291bd2268640f3fd1d498bd"`);
    await queryRunner.query(`ALTER TABLE "recon_documents" DROP CONSTRAINT "FK_c29c74905aa00c1d00f2b7ac35f"`);
    await queryRunner.query(`DROP INDEX "public"."ix_recon_documents_match"`);
    await queryRunner.query(`DROP TABLE "recon_documents"`);
  }
}
