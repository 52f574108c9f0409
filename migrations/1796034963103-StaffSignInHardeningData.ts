import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: staff_audit_log is append-only like audit_log (the same owner-only trigger
 * function), and invitation links no longer sit in email bodies in plain text. Links already
 * written there are withheld: their invitations still work for whoever received them, and an
 * admin who needs a link sends a new invitation (new ones keep the token sealed in `secrets`).
 */
export class StaffSignInHardeningData1796034963103 implements MigrationInterface {
  name = 'StaffSignInHardeningData1796034963103';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TRIGGER staff_audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON staff_audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION lb_audit_log_append_only()`);
    await queryRunner.query(`
      UPDATE email_outbox SET body = regexp_replace(body, '#token=[A-Za-z0-9_-]+', '#token=withheld', 'g')
      WHERE body ~ '#token=[A-Za-z0-9_-]+'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER staff_audit_log_append_only ON staff_audit_log`);
  }
}
