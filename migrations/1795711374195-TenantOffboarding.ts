import { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantOffboarding1795711374195 implements MigrationInterface {
  name = 'TenantOffboarding1795711374195';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "xero_grants" DROP CONSTRAINT "FK_73ed4b41dddef058773874f9603"`);
    await queryRunner.query(`ALTER TABLE "x3_connections" DROP CONSTRAINT "FK_0476cb54647eb3fe27cedaea74e"`);
    await queryRunner.query(`ALTER TABLE "integrations" DROP CONSTRAINT "FK_9b5b036a1d4677d11405fa41bd5"`);
    await queryRunner.query(`ALTER TABLE "integrations" DROP CONSTRAINT "FK_4af70cd84d65e83cbbfa808f237"`);
    await queryRunner.query(`ALTER TABLE "tenants" ADD "purge_after" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "xero_grants" ADD CONSTRAINT "FK_73ed4b41dddef058773874f9603" FOREIGN KEY ("tenant_id", "secret_id") REFERENCES "secrets"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "x3_connections" ADD CONSTRAINT "FK_0476cb54647eb3fe27cedaea74e" FOREIGN KEY ("tenant_id", "secret_id") REFERENCES "secrets"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "integrations" ADD CONSTRAINT "FK_9b5b036a1d4677d11405fa41bd5" FOREIGN KEY ("tenant_id", "xero_connection_id") REFERENCES "xero_connections"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "integrations" ADD CONSTRAINT "FK_4af70cd84d65e83cbbfa808f237" FOREIGN KEY ("tenant_id", "x3_connection_id") REFERENCES "x3_connections"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "integrations" DROP CONSTRAINT "FK_4af70cd84d65e83cbbfa808f237"`);
    await queryRunner.query(`ALTER TABLE "integrations" DROP CONSTRAINT "FK_9b5b036a1d4677d11405fa41bd5"`);
    await queryRunner.query(`ALTER TABLE "x3_connections" DROP CONSTRAINT "FK_0476cb54647eb3fe27cedaea74e"`);
    await queryRunner.query(`ALTER TABLE "xero_grants" DROP CONSTRAINT "FK_73ed4b41dddef058773874f9603"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "purge_after"`);
    await queryRunner.query(
      `ALTER TABLE "integrations" ADD CONSTRAINT "FK_4af70cd84d65e83cbbfa808f237" FOREIGN KEY ("tenant_id", "x3_connection_id") REFERENCES "x3_connections"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "integrations" ADD CONSTRAINT "FK_9b5b036a1d4677d11405fa41bd5" FOREIGN KEY ("tenant_id", "xero_connection_id") REFERENCES "xero_connections"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "x3_connections" ADD CONSTRAINT "FK_0476cb54647eb3fe27cedaea74e" FOREIGN KEY ("tenant_id", "secret_id") REFERENCES "secrets"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "xero_grants" ADD CONSTRAINT "FK_73ed4b41dddef058773874f9603" FOREIGN KEY ("tenant_id", "secret_id") REFERENCES "secrets"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }
}
