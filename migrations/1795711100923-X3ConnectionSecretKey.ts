import { MigrationInterface, QueryRunner } from 'typeorm';

export class X3ConnectionSecretKey1795711100923 implements MigrationInterface {
  name = 'X3ConnectionSecretKey1795711100923';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "x3_connections" ADD CONSTRAINT "FK_0476cb54647eb3fe27cedaea74e" FOREIGN KEY ("tenant_id", "secret_id") REFERENCES "secrets"("tenant_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "x3_connections" DROP CONSTRAINT "FK_0476cb54647eb3fe27cedaea74e"`);
  }
}
