import { MigrationInterface, QueryRunner } from 'typeorm';

export class XeroGrantClient1796041208342 implements MigrationInterface {
  name = 'XeroGrantClient1796041208342';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "xero_grants" ADD "client_id" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "xero_grants" DROP COLUMN "client_id"`);
  }
}
