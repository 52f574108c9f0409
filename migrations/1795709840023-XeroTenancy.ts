import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['xero_grants', 'xero_connections', 'xero_write_batches', 'xero_events'];

/**
 * Hand-written follow-up to XeroConnector:
 * - the four tenant tables get the standard forced RLS policy;
 * - xero_webhook_inbox is global by nature (events are stored before we know whose they are):
 *   the runtime role loses every privilege on it and RLS is forced with no policy, so it is
 *   reached only through the SECURITY DEFINER functions below, each answering one question;
 * - lb_route_xero_tenant answers "which tenant and connection own this Xero organisation".
 */
export class XeroTenancy1795709840023 implements MigrationInterface {
  name = 'XeroTenancy1795709840023';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) await queryRunner.query(`SELECT lb_enable_tenant_rls('${table}')`);

    await queryRunner.query(`
      DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
                 WHERE table_schema = 'public' AND table_name = 'xero_webhook_inbox' AND grantee <> current_user LOOP
          EXECUTE format('REVOKE ALL ON TABLE xero_webhook_inbox FROM %I', r.grantee);
        END LOOP;
      END $$`);
    await queryRunner.query(`ALTER TABLE xero_webhook_inbox ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE xero_webhook_inbox FORCE ROW LEVEL SECURITY`);

    // Stores one event, deduplicated on Xero's natural event key; returns the row and its status
    // (an already stored event that was never routed is routed again by the caller).
    await queryRunner.query(`
      CREATE FUNCTION lb_xero_inbox_store(p_xero_tenant_id text, p_category text, p_resource_id text,
        p_event_type text, p_event_date_utc text, p_resource_url text, p_tenant_type text)
      RETURNS TABLE(inbox_id uuid, inbox_status text, is_new boolean)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        RETURN QUERY
          INSERT INTO xero_webhook_inbox (xero_tenant_id, event_category, resource_id, event_type, event_date_utc, resource_url, tenant_type)
          VALUES (p_xero_tenant_id, p_category, p_resource_id, p_event_type, p_event_date_utc, p_resource_url, p_tenant_type)
          ON CONFLICT ON CONSTRAINT uq_xero_webhook_inbox_event DO NOTHING
          RETURNING id, status, true;
        IF NOT FOUND THEN
          RETURN QUERY SELECT i.id, i.status, false FROM xero_webhook_inbox i
            WHERE i.xero_tenant_id = p_xero_tenant_id AND i.event_category = p_category AND i.resource_id = p_resource_id
              AND i.event_type = p_event_type AND i.event_date_utc = p_event_date_utc;
        END IF;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_xero_inbox_mark(p_inbox_id uuid, p_status text, p_tenant_id uuid) RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        UPDATE xero_webhook_inbox SET status = p_status, routed_tenant_id = p_tenant_id, routed_at = now()
        WHERE id = p_inbox_id AND p_status IN ('routed', 'unrouted')
      $$`);
    // Events stored but not routed (the process died between storing and routing), oldest first.
    await queryRunner.query(`
      CREATE FUNCTION lb_xero_inbox_unrouted(p_older_than_seconds int, p_limit int)
      RETURNS TABLE(inbox_id uuid, xero_tenant_id text, event_category text, resource_id text, event_type text, event_date_utc text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT id, xero_tenant_id, event_category, resource_id, event_type, event_date_utc FROM xero_webhook_inbox
        WHERE status = 'received' AND received_at < now() - make_interval(secs => p_older_than_seconds)
        ORDER BY received_at LIMIT p_limit
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_route_xero_tenant(p_xero_tenant_id text) RETURNS TABLE(tenant_id uuid, connection_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT c.tenant_id, c.id FROM xero_connections c
        WHERE c.xero_tenant_id::text = lower(p_xero_tenant_id) AND c.status <> 'disconnected'
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_route_xero_tenant(text)`);
    await queryRunner.query(`DROP FUNCTION lb_xero_inbox_unrouted(int, int)`);
    await queryRunner.query(`DROP FUNCTION lb_xero_inbox_mark(uuid, text, uuid)`);
    await queryRunner.query(`DROP FUNCTION lb_xero_inbox_store(text, text, text, text, text, text, text)`);
    await queryRunner.query(`ALTER TABLE xero_webhook_inbox NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE xero_webhook_inbox DISABLE ROW LEVEL SECURITY`);
    for (const table of TENANT_TABLES) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
