import { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentPartTakenAllocation1796170441260 implements MigrationInterface {
  name = 'PaymentPartTakenAllocation1796170441260';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_payment_parts" ALTER COLUMN "batch_id" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_payment_parts" ALTER COLUMN "batch_id" SET NOT NULL`);
  }
}
