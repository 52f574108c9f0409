import { MigrationInterface, QueryRunner } from 'typeorm';

export class CrossReferenceX3Snapshot1796168798925 implements MigrationInterface {
  name = 'CrossReferenceX3Snapshot1796168798925';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_cross_references" ADD "x3_snapshot" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_cross_references" DROP COLUMN "x3_snapshot"`);
  }
}
