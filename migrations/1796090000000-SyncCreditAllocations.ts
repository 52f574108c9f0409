import { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncCreditAllocations1796090000000 implements MigrationInterface {
  name = 'SyncCreditAllocations1796090000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_credit_allocations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "credit_note_key" text NOT NULL, "document_key" text NOT NULL, "state" text NOT NULL DEFAULT 'open', "idempotency_key" uuid NOT NULL, "xero_allocation_id" text, "amount" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_sync_credit_allocations_note" UNIQUE ("tenant_id", "integration_id", "credit_note_key"), CONSTRAINT "uq_sync_credit_allocations_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_8f8d8b9a84ed80734f5824165e1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_credit_allocations" ADD CONSTRAINT "FK_9ebe67a218a625898f1d03edf99" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_credit_allocations" ADD CONSTRAINT "FK_e9b70bb5ca04ef3c8b7eaf308db" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_credit_allocations" DROP CONSTRAINT "FK_e9b70bb5ca04ef3c8b7eaf308db"`);
    await queryRunner.query(`ALTER TABLE "sync_credit_allocations" DROP CONSTRAINT "FK_9ebe67a218a625898f1d03edf99"`);
    await queryRunner.query(`DROP TABLE "sync_credit_allocations"`);
  }
}
