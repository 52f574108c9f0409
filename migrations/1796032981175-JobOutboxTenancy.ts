import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: who may touch the transactional outbox (job_outbox) and how the relay is woken.
 * - RLS, forced: a transaction may insert and see rows of its own tenant (app.tenant_id) or
 *   tenant-less system jobs only; it cannot enqueue work in another tenant's name.
 * - The relay works across tenants only through three SECURITY DEFINER functions: claim
 *   (lease rows with SKIP LOCKED), done (delete what Bull now holds) and release (note the
 *   failure, retry later); plus a count for health. Each is granted to the runtime role alone.
 * - A statement trigger NOTIFYs lb_job_outbox; PostgreSQL delivers it only at commit, so the
 *   relay never wakes for rows that are not yet (or never) committed.
 */
export class JobOutboxTenancy1796032981175 implements MigrationInterface {
  name = 'JobOutboxTenancy1796032981175';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE job_outbox ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE job_outbox FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY tenant_isolation ON job_outbox
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (
        tenant_id IS NULL AND coalesce(current_setting('app.tenant_id', true), '') = ''
        OR tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`);

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
    await queryRunner.query(`
      CREATE FUNCTION lb_job_outbox_done(p_ids bigint[]) RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DELETE FROM job_outbox WHERE id = ANY(p_ids) AND claimed_until IS NOT NULL
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_job_outbox_release(p_id bigint, p_error text, p_retry_seconds integer) RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        UPDATE job_outbox SET last_error = left(p_error, 500),
                              claimed_until = now() + make_interval(secs => greatest(0, least(p_retry_seconds, 3600)))
        WHERE id = p_id AND claimed_until IS NOT NULL
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_job_outbox_backlog() RETURNS TABLE (pending integer, oldest_seconds integer)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT count(*)::int, coalesce(extract(epoch FROM now() - min(created_at)), 0)::int FROM job_outbox
      $$`);
    for (const fn of [
      'lb_job_outbox_claim(integer, integer)',
      'lb_job_outbox_done(bigint[])',
      'lb_job_outbox_release(bigint, text, integer)',
      'lb_job_outbox_backlog()',
    ]) {
      await queryRunner.query(`SELECT lb_grant_to_runtime($1::regprocedure)`, [fn]);
    }

    await queryRunner.query(`
      CREATE FUNCTION lb_job_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('lb_job_outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER job_outbox_notify AFTER INSERT ON job_outbox
      FOR EACH STATEMENT EXECUTE FUNCTION lb_job_outbox_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER job_outbox_notify ON job_outbox`);
    await queryRunner.query(`DROP FUNCTION lb_job_outbox_notify()`);
    await queryRunner.query(`DROP FUNCTION lb_job_outbox_backlog()`);
    await queryRunner.query(`DROP FUNCTION lb_job_outbox_release(bigint, text, integer)`);
    await queryRunner.query(`DROP FUNCTION lb_job_outbox_done(bigint[])`);
    await queryRunner.query(`DROP FUNCTION lb_job_outbox_claim(integer, integer)`);
    await queryRunner.query(`DROP POLICY tenant_isolation ON job_outbox`);
    await queryRunner.query(`ALTER TABLE job_outbox DISABLE ROW LEVEL SECURITY`);
  }
}
