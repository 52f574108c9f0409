import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConnectionsAndIntegrations1795710997987 implements MigrationInterface {
  name = 'ConnectionsAndIntegrations1795710997987';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "x3_connections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "base_url" text NOT NULL, "endpoint" text NOT NULL, "companies" text array NOT NULL DEFAULT '{}', "auth_mode" text NOT NULL, "client_id" text, "x3_user" text NOT NULL, "secret_id" uuid NOT NULL, "ca_pem" text, "max_concurrency" integer NOT NULL DEFAULT '4', "is_sandbox" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT 'untested', "last_tested_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_x3_connections_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_4ff4454f57371e385dfeb68e2cb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "integrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "xero_connection_id" uuid NOT NULL, "x3_connection_id" uuid NOT NULL, "x3_company" text NOT NULL, "status" text NOT NULL DEFAULT 'active', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_integrations_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_9adcdc6d6f3922535361ce641e8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_integrations_pair" ON "integrations" ("tenant_id", "xero_connection_id", "x3_connection_id", "x3_company") `,
    );
    await queryRunner.query(
      `ALTER TABLE "x3_connections" ADD CONSTRAINT "FK_8b29822cdf7b9e0239b19daec5d" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "integrations" ADD CONSTRAINT "FK_d27dfc19be4aa3c1a45655d5a1e" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "integrations" ADD CONSTRAINT "FK_9b5b036a1d4677d11405fa41bd5" FOREIGN KEY ("tenant_id", "xero_connection_id") REFERENCES "xero_connections"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "integrations" ADD CONSTRAINT "FK_4af70cd84d65e83cbbfa808f237" FOREIGN KEY ("tenant_id", "x3_connection_id") REFERENCES "x3_connections"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "integrations" DROP CONSTRAINT "FK_4af70cd84d65e83cbbfa808f237"`);
    await queryRunner.query(`ALTER TABLE "integrations" DROP CONSTRAINT "FK_9b5b036a1d4677d11405fa41bd5"`);
    await queryRunner.query(`ALTER TABLE "integrations" DROP CONSTRAINT "FK_d27dfc19be4aa3c1a45655d5a1e"`);
    await queryRunner.query(`ALTER TABLE "x3_connections" DROP CONSTRAINT "FK_8b29822cdf7b9e0239b19daec5d"`);
    await queryRunner.query(`DROP INDEX "public"."uq_integrations_pair"`);
    await queryRunner.query(`DROP TABLE "integrations"`);
    await queryRunner.query(`DROP TABLE "x3_connections"`);
  }
}
