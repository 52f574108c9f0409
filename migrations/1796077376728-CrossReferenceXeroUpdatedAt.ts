import { MigrationInterface, QueryRunner } from 'typeorm';

export class CrossReferenceXeroUpdatedAt1796077376728 implements MigrationInterface {
  name = 'CrossReferenceXeroUpdatedAt1796077376728';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_cross_references" ADD "xero_updated_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_cross_references" DROP COLUMN "xero_updated_at"`);
  }
}
