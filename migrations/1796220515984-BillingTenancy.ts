import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written follow-up to Billing:
 * - billing_accounts gets the standard forced RLS policy;
 * - stripe_events is global by nature (an event is stored before we know whose it is): the runtime
 *   role loses every privilege on it and RLS is forced with no policy, so it is reached only through
 *   the functions below, each answering one question:
 *   lb_stripe_event_store stores an event once by Stripe's id and routes it by its customer to the
 *   tenant whose billing account holds that customer (it reads billing_accounts across tenants for
 *   that one column only); lb_stripe_event_of and lb_stripe_event_processed answer and settle an
 *   event only for the tenant it was routed to.
 */
export class BillingTenancy1796220515984 implements MigrationInterface {
  name = 'BillingTenancy1796220515984';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('billing_accounts')`);

    await queryRunner.query(`
      DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
                 WHERE table_schema = 'public' AND table_name = 'stripe_events' AND grantee <> current_user LOOP
          EXECUTE format('REVOKE ALL ON TABLE stripe_events FROM %I', r.grantee);
        END LOOP;
      END $$`);
    await queryRunner.query(`ALTER TABLE stripe_events ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE stripe_events FORCE ROW LEVEL SECURITY`);

    await queryRunner.query(`
      CREATE FUNCTION lb_stripe_event_store(p_id text, p_type text, p_customer text, p_payload jsonb)
      RETURNS TABLE(is_new boolean, tenant_id uuid, processed boolean)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE owner uuid;
      BEGIN
        IF p_id IS NULL OR p_id !~ '^evt_[A-Za-z0-9_]{1,120}$' THEN
          RAISE EXCEPTION 'not a Stripe event id' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        SELECT b.tenant_id INTO owner FROM billing_accounts b WHERE b.stripe_customer_id = p_customer;
        RETURN QUERY
          INSERT INTO stripe_events (id, type, customer_id, routed_tenant_id, payload)
          VALUES (p_id, p_type, p_customer, owner, p_payload)
          ON CONFLICT (id) DO NOTHING
          RETURNING true, stripe_events.routed_tenant_id, false;
        IF NOT FOUND THEN
          -- A redelivery: an event stored before its customer was known is routed now.
          RETURN QUERY
            UPDATE stripe_events e SET routed_tenant_id = coalesce(e.routed_tenant_id, owner) WHERE e.id = p_id
            RETURNING false, e.routed_tenant_id, e.processed_at IS NOT NULL;
        END IF;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_stripe_event_of(p_id text, p_tenant uuid) RETURNS TABLE(type text, processed boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT e.type, e.processed_at IS NOT NULL FROM stripe_events e WHERE e.id = p_id AND e.routed_tenant_id = p_tenant
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_stripe_event_processed(p_id text, p_tenant uuid) RETURNS boolean
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH done AS (
          UPDATE stripe_events SET processed_at = now()
          WHERE id = p_id AND routed_tenant_id = p_tenant AND processed_at IS NULL RETURNING 1
        ) SELECT EXISTS (SELECT 1 FROM done)
      $$`);
    for (const fn of [
      'lb_stripe_event_store(text, text, text, jsonb)',
      'lb_stripe_event_of(text, uuid)',
      'lb_stripe_event_processed(text, uuid)',
    ]) {
      await queryRunner.query(`SELECT lb_grant_to_runtime('${fn}')`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_stripe_event_processed(text, uuid)`);
    await queryRunner.query(`DROP FUNCTION lb_stripe_event_of(text, uuid)`);
    await queryRunner.query(`DROP FUNCTION lb_stripe_event_store(text, text, text, jsonb)`);
    await queryRunner.query(`ALTER TABLE stripe_events NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE stripe_events DISABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`DROP POLICY tenant_isolation ON billing_accounts`);
    await queryRunner.query(`ALTER TABLE billing_accounts NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE billing_accounts DISABLE ROW LEVEL SECURITY`);
  }
}
