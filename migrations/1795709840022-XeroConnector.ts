import { MigrationInterface, QueryRunner } from 'typeorm';

export class XeroConnector1795709840022 implements MigrationInterface {
  name = 'XeroConnector1795709840022';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "xero_grants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "secret_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'active', "authorised_by_user_id" uuid, "xero_user_id" text, "auth_event_id" text, "scopes" text NOT NULL DEFAULT '', "access_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "refresh_fence" bigint NOT NULL DEFAULT '0', "last_error" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_xero_grants_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_dab1421dbe95cb727113582bdac" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_xero_grants_keepalive" ON "xero_grants" ("status", "refreshed_at") `);
    await queryRunner.query(
      `CREATE TABLE "xero_connections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "grant_id" uuid NOT NULL, "xero_connection_id" uuid NOT NULL, "xero_tenant_id" uuid NOT NULL, "tenant_name" text NOT NULL, "tenant_type" text NOT NULL DEFAULT 'ORGANISATION', "status" text NOT NULL DEFAULT 'active', "status_reason" text, "status_changed_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_xero_connections_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_9b54317d81fe866f9ea65b45980" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xero_connections_grant" ON "xero_connections" ("tenant_id", "grant_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_xero_connections_org" ON "xero_connections" ("xero_tenant_id") WHERE status <> 'disconnected'`,
    );
    await queryRunner.query(
      `CREATE TABLE "xero_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "connection_id" uuid NOT NULL, "inbox_id" uuid NOT NULL, "event_category" text NOT NULL, "event_type" text NOT NULL, "resource_id" uuid NOT NULL, "event_date_utc" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "detail" text, "processed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_xero_events_inbox" UNIQUE ("tenant_id", "inbox_id"), CONSTRAINT "uq_xero_events_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_bbc571c0e02b837df531ae7ee37" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "xero_webhook_inbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "xero_tenant_id" text NOT NULL, "event_category" text NOT NULL, "resource_id" text NOT NULL, "event_type" text NOT NULL, "event_date_utc" text NOT NULL, "resource_url" text, "tenant_type" text, "status" text NOT NULL DEFAULT 'received', "routed_tenant_id" uuid, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "routed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_xero_webhook_inbox_event" UNIQUE ("xero_tenant_id", "event_category", "resource_id", "event_type", "event_date_utc"), CONSTRAINT "PK_04103f91ff5ceea5bcc1fdda798" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xero_webhook_inbox_status" ON "xero_webhook_inbox" ("status", "received_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "xero_write_batches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "connection_id" uuid NOT NULL, "entity" text NOT NULL, "operation" text NOT NULL, "idempotency_key" text NOT NULL, "payload" jsonb NOT NULL, "record_count" integer NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "outcomes" jsonb, "last_error" text, "completed_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_xero_write_batches_key" UNIQUE ("idempotency_key"), CONSTRAINT "uq_xero_write_batches_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_a3a1963b4efedb80015bf5577f7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_xero_write_batches_open" ON "xero_write_batches" ("tenant_id", "connection_id", "status") `,
    );
    await queryRunner.query(
      `ALTER TABLE "xero_grants" ADD CONSTRAINT "FK_51bfc9e2287f7c212882515f103" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "xero_grants" ADD CONSTRAINT "FK_73ed4b41dddef058773874f9603" FOREIGN KEY ("tenant_id", "secret_id") REFERENCES "secrets"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "xero_connections" ADD CONSTRAINT "FK_2c29d92601e0c5e4e9903d77fa5" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "xero_connections" ADD CONSTRAINT "FK_ffb5e285a8f6ba841adfdd29212" FOREIGN KEY ("tenant_id", "grant_id") REFERENCES "xero_grants"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "xero_events" ADD CONSTRAINT "FK_0a4570dab4e03ae6d0331139964" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "xero_events" ADD CONSTRAINT "FK_eb6603430f2d9dfea04565e15de" FOREIGN KEY ("tenant_id", "connection_id") REFERENCES "xero_connections"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "xero_write_batches" ADD CONSTRAINT "FK_01263bf4d2a458fe49453997242" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "xero_write_batches" ADD CONSTRAINT "FK_91e61a183a9c6af7d91fe61225c" FOREIGN KEY ("tenant_id", "connection_id") REFERENCES "xero_connections"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "xero_write_batches" DROP CONSTRAINT "FK_91e61a183a9c6af7d91fe61225c"`);
    await queryRunner.query(`ALTER TABLE "xero_write_batches" DROP CONSTRAINT "FK_01263bf4d2a458fe49453997242"`);
    await queryRunner.query(`ALTER TABLE "xero_events" DROP CONSTRAINT "FK_eb6603430f2d9dfea04565e15de"`);
    await queryRunner.query(`ALTER TABLE "xero_events" DROP CONSTRAINT "FK_0a4570dab4e03ae6d0331139964"`);
    await queryRunner.query(`ALTER TABLE "xero_connections" DROP CONSTRAINT "FK_ffb5e285a8f6ba841adfdd29212"`);
    await queryRunner.query(`ALTER TABLE "xero_connections" DROP CONSTRAINT "FK_2c29d92601e0c5e4e9903d77fa5"`);
    await queryRunner.query(`ALTER TABLE "xero_grants" DROP CONSTRAINT "FK_73ed4b41dddef058773874f9603"`);
    await queryRunner.query(`ALTER TABLE "xero_grants" DROP CONSTRAINT "FK_51bfc9e2287f7c212882515f103"`);
    await queryRunner.query(`DROP INDEX "public"."ix_xero_write_batches_open"`);
    await queryRunner.query(`DROP TABLE "xero_write_batches"`);
    await queryRunner.query(`DROP INDEX "public"."ix_xero_webhook_inbox_status"`);
    await queryRunner.query(`DROP TABLE "xero_webhook_inbox"`);
    await queryRunner.query(`DROP TABLE "xero_events"`);
    await queryRunner.query(`DROP INDEX "public"."uq_xero_connections_org"`);
    await queryRunner.query(`DROP INDEX "public"."ix_xero_connections_grant"`);
    await queryRunner.query(`DROP TABLE "xero_connections"`);
    await queryRunner.query(`DROP INDEX "public"."ix_xero_grants_keepalive"`);
    await queryRunner.query(`DROP TABLE "xero_grants"`);
  }
}
