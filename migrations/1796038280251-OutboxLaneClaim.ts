import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the relay claims only its own lane (the Redis its process is configured with), so
 * no process moves a job into a Redis the writer did not mean. Replaces lb_job_outbox_claim.
 */
export class OutboxLaneClaim1796038280251 implements MigrationInterface {
  name = 'OutboxLaneClaim1796038280251';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_job_outbox_claim(integer, integer)`);
    await queryRunner.query(`
      CREATE FUNCTION lb_job_outbox_claim_lane(p_lane text, p_limit integer, p_lease_seconds integer)
      RETURNS SETOF job_outbox
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        UPDATE job_outbox o SET claimed_until = now() + make_interval(secs => greatest(1, least(p_lease_seconds, 600))),
                                attempts = o.attempts + 1
        WHERE o.id IN (
          SELECT id FROM job_outbox
          WHERE lane = p_lane AND (claimed_until IS NULL OR claimed_until < now())
          ORDER BY id LIMIT greatest(1, least(p_limit, 500))
          FOR UPDATE SKIP LOCKED)
        RETURNING o.*
      $$`);
    await queryRunner.query(
      `SELECT lb_grant_to_runtime('lb_job_outbox_claim_lane(text, integer, integer)'::regprocedure)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_job_outbox_claim_lane(text, integer, integer)`);
    await queryRunner.query(`
      CREATE FUNCTION lb_job_outbox_claim(p_limit integer, p_lease_seconds integer) RETURNS SETOF job_outbox
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        UPDATE job_outbox o SET claimed_until = now() + make_interval(secs => greatest(1, least(p_lease_seconds, 600))),
                                attempts = o.attempts + 1
        WHERE o.id IN (
          SELECT id FROM job_outbox
          WHERE claimed_until IS NULL OR claimed_until < now()
          ORDER BY id LIMIT greatest(1, least(p_limit, 500))
          FOR UPDATE SKIP LOCKED)
        RETURNING o.*
      $$`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_job_outbox_claim(integer, integer)'::regprocedure)`);
  }
}
