import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: RLS on the poll schedules and nudge tokens, and the three narrow doors the
 * triggers need outside a tenant. The sweep claims due X3 polls (moving only the schedule row's
 * enqueued_at, under its row lock, so racing sweeps claim a flow once) and lists flows whose
 * changes wait with no drain; the nudge endpoint, which names an integration but no tenant, finds
 * the tenant and token hash of an integration. All answer ids (and a hash), never tenant data.
 */
export class SyncTriggersTenancy1796055254929 implements MigrationInterface {
  name = 'SyncTriggersTenancy1796055254929';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_poll_schedules')`);
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_nudge_tokens')`);
    // A claim is only taken again 4 s after the last (the shortest poll interval is 5 s): a sweep
    // that waited on another's claim of the same row sees it and leaves it.
    await queryRunner.query(`
      CREATE FUNCTION lb_sync_claim_due_polls(p_limit integer)
      RETURNS TABLE (tenant_id uuid, integration_id uuid, flow_key text)
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH due AS (
          SELECT h.tenant_id AS t_id, h.integration_id AS i_id, h.flow_key AS f_key
          FROM sync_flow_heads h
          JOIN sync_flow_versions v ON v.tenant_id = h.tenant_id AND v.id = h.active_version_id
          JOIN integrations i ON i.tenant_id = h.tenant_id AND i.id = h.integration_id
          JOIN tenants t ON t.id = h.tenant_id
          LEFT JOIN sync_flow_cursors c ON c.tenant_id = h.tenant_id AND c.integration_id = h.integration_id
               AND c.flow_key = h.flow_key AND c.side = 'x3'
          LEFT JOIN sync_poll_schedules s ON s.tenant_id = h.tenant_id AND s.integration_id = h.integration_id
               AND s.flow_key = h.flow_key
          WHERE t.status = 'active' AND cardinality(i.pause_reasons) = 0
            AND v.document->>'enabled' = 'true' AND v.document->'trigger'->>'kind' = 'x3-poll'
            AND v.document->>'direction' IN ('x3-to-xero', 'both-ways')
            AND coalesce(greatest(c.polled_at, s.enqueued_at), '-infinity'::timestamptz)
                <= now() - make_interval(secs => (v.document->'trigger'->>'everySeconds')::int)
          ORDER BY coalesce(greatest(c.polled_at, s.enqueued_at), '-infinity'::timestamptz)
          LIMIT least(greatest(p_limit, 1), 1000)
        )
        INSERT INTO sync_poll_schedules AS s (tenant_id, integration_id, flow_key, enqueued_at)
        SELECT t_id, i_id, f_key, clock_timestamp() FROM due
        ON CONFLICT (tenant_id, integration_id, flow_key) DO UPDATE
          SET enqueued_at = EXCLUDED.enqueued_at, updated_at = now()
          WHERE s.enqueued_at IS NULL OR s.enqueued_at < EXCLUDED.enqueued_at - interval '4 seconds'
        RETURNING s.tenant_id, s.integration_id, s.flow_key
      $$`);
    // Available for 15 s and still not drained: its trigger was lost (a drain that runs takes them at once).
    await queryRunner.query(`
      CREATE FUNCTION lb_sync_flows_to_drain(p_limit integer)
      RETURNS TABLE (tenant_id uuid, integration_id uuid, flow_key text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT DISTINCT p.tenant_id, p.integration_id, p.flow_key
        FROM sync_pending_changes p
        JOIN integrations i ON i.tenant_id = p.tenant_id AND i.id = p.integration_id
        JOIN tenants t ON t.id = p.tenant_id
        WHERE t.status = 'active' AND cardinality(i.pause_reasons) = 0
          AND ((p.state = 'pending' AND p.available_at <= now() - interval '15 seconds')
               OR (p.state = 'claimed' AND p.claimed_until < now()))
        LIMIT least(greatest(p_limit, 1), 1000)
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_sync_nudge_target(p_integration_id uuid)
      RETURNS TABLE (tenant_id uuid, token_hash text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT n.tenant_id, n.token_hash FROM sync_nudge_tokens n JOIN tenants t ON t.id = n.tenant_id
        WHERE n.integration_id = p_integration_id AND t.status = 'active'
      $$`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_sync_claim_due_polls(integer)'::regprocedure)`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_sync_flows_to_drain(integer)'::regprocedure)`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_sync_nudge_target(uuid)'::regprocedure)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_sync_nudge_target(uuid)`);
    await queryRunner.query(`DROP FUNCTION lb_sync_flows_to_drain(integer)`);
    await queryRunner.query(`DROP FUNCTION lb_sync_claim_due_polls(integer)`);
    for (const table of ['sync_nudge_tokens', 'sync_poll_schedules']) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
