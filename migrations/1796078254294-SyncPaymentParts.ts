import { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncPaymentParts1796078254294 implements MigrationInterface {
  name = 'SyncPaymentParts1796078254294';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_payment_parts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "payment_key" text NOT NULL, "part_key" text NOT NULL, "xero_payment_id" text NOT NULL, "amount" text NOT NULL, "batch_id" uuid NOT NULL, CONSTRAINT "uq_sync_payment_parts_xero_id" UNIQUE ("tenant_id", "integration_id", "xero_payment_id"), CONSTRAINT "uq_sync_payment_parts_part" UNIQUE ("tenant_id", "integration_id", "payment_key", "part_key"), CONSTRAINT "uq_sync_payment_parts_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_dca5d99535e8cfe33f1f398a300" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_payment_parts" ADD CONSTRAINT "FK_acd2c04f73215c2fbbe943d62bd" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_payment_parts" ADD CONSTRAINT "FK_790b3f1bc46b658c037b85480e5" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_payment_parts" DROP CONSTRAINT "FK_790b3f1bc46b658c037b85480e5"`);
    await queryRunner.query(`ALTER TABLE "sync_payment_parts" DROP CONSTRAINT "FK_acd2c04f73215c2fbbe943d62bd"`);
    await queryRunner.query(`DROP TABLE "sync_payment_parts"`);
  }
}
