import { MigrationInterface, QueryRunner } from 'typeorm';

export class X3DeliveredRecords1796046617252 implements MigrationInterface {
  name = 'X3DeliveredRecords1796046617252';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "x3_delivered_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "x3_connection_id" uuid NOT NULL, "consumer" text NOT NULL, "entity" text NOT NULL, "record_key" text NOT NULL, "content_hash" text NOT NULL, "update_stamp" TIMESTAMP WITH TIME ZONE NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_x3_delivered_records_key" UNIQUE ("tenant_id", "x3_connection_id", "consumer", "entity", "record_key"), CONSTRAINT "uq_x3_delivered_records_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_40f33ce1288096d09a97087c319" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "x3_delivered_records" ADD CONSTRAINT "FK_f2fa0c5a04fe48ecaebb1e6bafb" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "x3_delivered_records" ADD CONSTRAINT "FK_acc3ca4e3131be6a16997aa9581" FOREIGN KEY ("tenant_id", "x3_connection_id") REFERENCES "x3_connections"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "x3_delivered_records" DROP CONSTRAINT "FK_acc3ca4e3131be6a16997aa9581"`);
    await queryRunner.query(`ALTER TABLE "x3_delivered_records" DROP CONSTRAINT "FK_f2fa0c5a04fe48ecaebb1e6bafb"`);
    await queryRunner.query(`DROP TABLE "x3_delivered_records"`);
  }
}
