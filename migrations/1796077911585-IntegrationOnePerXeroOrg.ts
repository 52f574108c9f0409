import { MigrationInterface, QueryRunner } from 'typeorm';

export class IntegrationOnePerXeroOrg1796077911585 implements MigrationInterface {
  name = 'IntegrationOnePerXeroOrg1796077911585';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_integrations_xero_connection" ON "integrations" ("tenant_id", "xero_connection_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_integrations_xero_connection"`);
  }
}
