import { MigrationInterface, QueryRunner } from 'typeorm';

/** The functions the runtime role calls; every other function of the owner stays owner-only. */
const RUNTIME_FUNCTIONS = [
  'lb_current_tenant()',
  'lb_tenant_exists(uuid)',
  'lb_active_tenant_ids()',
  'lb_secret_key_usage()',
  'lb_user_memberships(uuid)',
  'lb_find_invitation(text)',
  'lb_search_tenants(text)',
  'lb_route_xero_tenant(text)',
  'lb_xero_inbox_store(text, text, text, text, text, text, text)',
  'lb_xero_inbox_mark(uuid, text, uuid)',
  'lb_xero_inbox_unrouted(integer, integer)',
  'lb_active_xero_grants()',
  'lb_idle_xero_grants(timestamp with time zone)',
  'lb_tenants_due_for_purge()',
];

/**
 * Hand-written: PostgreSQL grants EXECUTE on every new function to PUBLIC, and the bootstrap's
 * default privileges granted it to the runtime role too, so any role that could connect could
 * call every SECURITY DEFINER function with any arguments. Now:
 * - the owner's default privileges grant EXECUTE to no one; each function a migration creates
 *   is granted explicitly with lb_grant_to_runtime (reviewed in
 *   libs/database/src/tenancy/security-definer-functions.json);
 * - every existing function of the owner loses PUBLIC's and the runtime role's EXECUTE, and only
 *   the ones the runtime calls get it back;
 * - lb_search_tenants needs at least 2 characters (or an exact tenant id): '' no longer lists
 *   every tenant;
 * - lb_xero_inbox_mark only settles a 'received' event, and marks it routed only to the tenant
 *   whose live connection owns the event's organisation and that already holds the event.
 * The runtime role is the one the owner's default table privileges go to (the bootstrap sets
 * them), so configured role names need no setting here.
 */
export class SystemDoorGrants1796032863654 implements MigrationInterface {
  name = 'SystemDoorGrants1796032863654';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION lb_runtime_role() RETURNS name LANGUAGE plpgsql STABLE AS $$
      DECLARE found name[];
      BEGIN
        SELECT array_agg(DISTINCT a.grantee::regrole::name) INTO found
        FROM pg_default_acl d CROSS JOIN LATERAL aclexplode(d.defaclacl) a
        WHERE d.defaclrole = current_user::regrole AND d.defaclobjtype = 'r' AND a.grantee <> 0
          AND a.grantee <> d.defaclrole;
        IF coalesce(array_length(found, 1), 0) <> 1 THEN
          RAISE EXCEPTION 'expected one runtime role in the default table privileges of %, found %', current_user, found;
        END IF;
        RETURN found[1];
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_grant_to_runtime(fn regprocedure) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, lb_runtime_role());
      END $$`);

    await queryRunner.query(`ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC`);
    await queryRunner.query(`
      DO $$ BEGIN
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM %I', lb_runtime_role());
      END $$`);
    await queryRunner.query(`
      DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = 'public' AND p.proowner = current_user::regrole LOOP
          EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC, %I', r.fn, lb_runtime_role());
        END LOOP;
      END $$`);

    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION lb_search_tenants(p_query text) RETURNS TABLE (id uuid, name text, created_at timestamptz)
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE q text := btrim(coalesce(p_query, ''));
      BEGIN
        IF length(q) < 2 THEN
          RAISE EXCEPTION 'tenant search needs at least 2 characters' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RETURN QUERY SELECT t.id, t.name, t.created_at FROM tenants t
          WHERE t.id::text = lower(q) OR t.name ILIKE '%' || replace(replace(replace(q, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
          ORDER BY t.name LIMIT 20;
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION lb_xero_inbox_mark(p_inbox_id uuid, p_status text, p_tenant_id uuid) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE ev xero_webhook_inbox%ROWTYPE;
      BEGIN
        SELECT * INTO ev FROM xero_webhook_inbox WHERE id = p_inbox_id FOR UPDATE;
        IF NOT FOUND THEN RETURN; END IF;
        -- A second router of the same event repeats the first one's outcome: nothing to do.
        IF ev.status = p_status AND ev.routed_tenant_id IS NOT DISTINCT FROM p_tenant_id THEN RETURN; END IF;
        IF ev.status <> 'received' THEN
          RAISE EXCEPTION 'inbox event % is already %', p_inbox_id, ev.status USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_status = 'unrouted' AND p_tenant_id IS NOT NULL THEN
          RAISE EXCEPTION 'an unrouted event has no tenant' USING ERRCODE = 'invalid_parameter_value';
        ELSIF p_status = 'routed' AND NOT EXISTS (
          SELECT 1 FROM xero_connections c JOIN xero_events e ON e.tenant_id = c.tenant_id AND e.inbox_id = ev.id
          WHERE c.tenant_id = p_tenant_id AND c.xero_tenant_id::text = lower(ev.xero_tenant_id) AND c.status <> 'disconnected'
        ) THEN
          RAISE EXCEPTION 'tenant % does not own the organisation of inbox event %', p_tenant_id, p_inbox_id
            USING ERRCODE = 'insufficient_privilege';
        ELSIF p_status NOT IN ('routed', 'unrouted') THEN
          RAISE EXCEPTION 'not an inbox status: %', p_status USING ERRCODE = 'invalid_parameter_value';
        END IF;
        UPDATE xero_webhook_inbox SET status = p_status, routed_tenant_id = p_tenant_id, routed_at = now() WHERE id = ev.id;
      END $$`);

    for (const fn of RUNTIME_FUNCTIONS) await queryRunner.query(`SELECT lb_grant_to_runtime($1::regprocedure)`, [fn]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION lb_xero_inbox_mark(p_inbox_id uuid, p_status text, p_tenant_id uuid) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        UPDATE xero_webhook_inbox SET status = p_status, routed_tenant_id = p_tenant_id, routed_at = now()
        WHERE id = p_inbox_id AND p_status IN ('routed', 'unrouted');
      END $$`);
    await queryRunner.query(`DROP FUNCTION lb_search_tenants(text)`);
    await queryRunner.query(`
      CREATE FUNCTION lb_search_tenants(p_query text) RETURNS TABLE (id uuid, name text, created_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT t.id, t.name, t.created_at FROM tenants t
        WHERE t.id::text = p_query OR t.name ILIKE '%' || replace(replace(replace(p_query, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
        ORDER BY t.name LIMIT 20
      $$`);
    await queryRunner.query(`
      DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = 'public' AND p.proowner = current_user::regrole
                   AND p.proname NOT IN ('lb_enable_tenant_rls', 'lb_runtime_role', 'lb_grant_to_runtime') LOOP
          EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC, %I', r.fn, lb_runtime_role());
        END LOOP;
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO %I', lb_runtime_role());
      END $$`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC`);
    await queryRunner.query(`DROP FUNCTION lb_grant_to_runtime(regprocedure)`);
    await queryRunner.query(`DROP FUNCTION lb_runtime_role()`);
  }
}
