import { MigrationInterface, QueryRunner } from 'typeorm';

export class ShopIntake1796182554455 implements MigrationInterface {
  name = 'ShopIntake1796182554455';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "shop_connections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "integration_id" uuid NOT NULL, "name" text NOT NULL, "secret_id" uuid NOT NULL, "sales_site" text NOT NULL, "xero_payment_account" text NOT NULL, "customer_defaults" jsonb NOT NULL, "created_by_user_id" uuid, CONSTRAINT "uq_shop_connections_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_d6f18e24c8f0c7f005a4caa2dc7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "shop_customers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "connection_id" uuid NOT NULL, "shop_customer_id" text NOT NULL, "x3_customer" text NOT NULL, CONSTRAINT "uq_shop_customers_customer" UNIQUE ("tenant_id", "connection_id", "shop_customer_id"), CONSTRAINT "uq_shop_customers_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_9b19b59ffd13ad09ac91fd76670" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "shop_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "connection_id" uuid NOT NULL, "webhook_id" text NOT NULL, "topic" text NOT NULL, "shop_order_id" text NOT NULL, "payload" jsonb NOT NULL, "state" text NOT NULL DEFAULT 'received', "waiting_on" text, "detail" text, "attempts" integer NOT NULL DEFAULT '0', "processed_at" TIMESTAMP WITH TIME ZONE, "claimed_until" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_shop_events_webhook" UNIQUE ("tenant_id", "connection_id", "webhook_id"), CONSTRAINT "uq_shop_events_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_f807a17bb80e3d158754e39536b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_shop_events_received" ON "shop_events" ("updated_at") WHERE state = 'received'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_shop_events_waiting_on" ON "shop_events" ("connection_id", "waiting_on") WHERE state = 'waiting'`,
    );
    await queryRunner.query(
      `CREATE TABLE "shop_orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "connection_id" uuid NOT NULL, "shop_order_id" text NOT NULL, "x3_order" text, "x3_customer" text, "payment_batch_id" uuid, "xero_payment_id" text, CONSTRAINT "uq_shop_orders_order" UNIQUE ("tenant_id", "connection_id", "shop_order_id"), CONSTRAINT "uq_shop_orders_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_144b24698d178764ea5bb26da3b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "shop_connections" ADD CONSTRAINT "FK_f6308ae3cf95598fdf9f79cb63c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shop_connections" ADD CONSTRAINT "FK_83ca6f43b3491a7a1c39719708f" FOREIGN KEY ("tenant_id", "integration_id") REFERENCES "integrations"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shop_customers" ADD CONSTRAINT "FK_90643e50aab6964bdb360916d03" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shop_customers" ADD CONSTRAINT "FK_7bdbacfc3f5e59a962ca2413ccc" FOREIGN KEY ("tenant_id", "connection_id") REFERENCES "shop_connections"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shop_events" ADD CONSTRAINT "FK_a73735af8e8d1624bc7f60a896c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shop_events" ADD CONSTRAINT "FK_47bade359e26eea853636f16039" FOREIGN KEY ("tenant_id", "connection_id") REFERENCES "shop_connections"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shop_orders" ADD CONSTRAINT "FK_1310bd424c6848bc46b961e44a8" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shop_orders" ADD CONSTRAINT "FK_c46f43ce05c422ae47fd20c33f6" FOREIGN KEY ("tenant_id", "connection_id") REFERENCES "shop_connections"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "shop_orders" DROP CONSTRAINT "FK_c46f43ce05c422ae47fd20c33f6"`);
    await queryRunner.query(`ALTER TABLE "shop_orders" DROP CONSTRAINT "FK_1310bd424c6848bc46b961e44a8"`);
    await queryRunner.query(`ALTER TABLE "shop_events" DROP CONSTRAINT "FK_47bade359e26eea853636f16039"`);
    await queryRunner.query(`ALTER TABLE "shop_events" DROP CONSTRAINT "FK_a73735af8e8d1624bc7f60a896c"`);
    await queryRunner.query(`ALTER TABLE "shop_customers" DROP CONSTRAINT "FK_7bdbacfc3f5e59a962ca2413ccc"`);
    await queryRunner.query(`ALTER TABLE "shop_customers" DROP CONSTRAINT "FK_90643e50aab6964bdb360916d03"`);
    await queryRunner.query(`ALTER TABLE "shop_connections" DROP CONSTRAINT "FK_83ca6f43b3491a7a1c39719708f"`);
    await queryRunner.query(`ALTER TABLE "shop_connections" DROP CONSTRAINT "FK_f6308ae3cf95598fdf9f79cb63c"`);
    await queryRunner.query(`DROP TABLE "shop_orders"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shop_events_waiting_on"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shop_events_received"`);
    await queryRunner.query(`DROP TABLE "shop_events"`);
    await queryRunner.query(`DROP TABLE "shop_customers"`);
    await queryRunner.query(`DROP TABLE "shop_connections"`);
  }
}
