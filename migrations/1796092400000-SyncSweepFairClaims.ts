import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the sweep's two safety nets took their first 500 candidates before skipping those
 * claimed recently, so once more than 500 flows were silent for good (a disconnected organisation,
 * a retired secret key) the same 500 came back every sweep and a new flow's Xero poll chain never
 * started (seen on the shared test database: a first-connection proof waited 180 s for it). Now
 * the recent claims are left out before the limit, the oldest claim first; and the lost-trigger
 * drains are picked in random order, so flows that fail every drain cannot hide the others.
 */
export class SyncSweepFairClaims1796092400000 implements MigrationInterface {
  name = 'SyncSweepFairClaims1796092400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION lb_sync_claim_stale_xero_polls(p_limit integer, p_stale_seconds integer)
      RETURNS TABLE (tenant_id uuid, integration_id uuid, flow_key text)
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH due AS (
          SELECT h.tenant_id AS t_id, h.integration_id AS i_id, h.flow_key AS f_key,
                 make_interval(secs => greatest(p_stale_seconds,
                   2 * coalesce((v.document->'trigger'->>'everySeconds')::int, 0))) AS stale,
                 s.xero_enqueued_at AS enqueued
          FROM sync_flow_heads h
          JOIN sync_flow_versions v ON v.tenant_id = h.tenant_id AND v.id = h.active_version_id
          JOIN integrations i ON i.tenant_id = h.tenant_id AND i.id = h.integration_id
          JOIN tenants t ON t.id = h.tenant_id
          LEFT JOIN sync_poll_schedules s ON s.tenant_id = h.tenant_id AND s.integration_id = h.integration_id
               AND s.flow_key = h.flow_key
          WHERE t.status = 'active' AND cardinality(i.pause_reasons) = 0
            AND v.document->>'enabled' = 'true' AND v.document->'trigger'->>'kind' <> 'manual'
            AND v.document->>'direction' IN ('xero-to-x3', 'both-ways')
            AND (s.xero_enqueued_at IS NULL
                 OR s.xero_enqueued_at < clock_timestamp() - make_interval(secs => greatest(p_stale_seconds, 60)))
        )
        INSERT INTO sync_poll_schedules AS s (tenant_id, integration_id, flow_key, xero_enqueued_at)
        SELECT t_id, i_id, f_key, clock_timestamp() FROM due d
        WHERE NOT EXISTS (SELECT 1 FROM sync_flow_cursors c
                          WHERE c.tenant_id = d.t_id AND c.integration_id = d.i_id AND c.flow_key = d.f_key
                            AND c.side = 'xero' AND c.polled_at > now() - d.stale)
        ORDER BY d.enqueued NULLS FIRST
        LIMIT least(greatest(p_limit, 1), 1000)
        ON CONFLICT (tenant_id, integration_id, flow_key) DO UPDATE
          SET xero_enqueued_at = EXCLUDED.xero_enqueued_at, updated_at = now()
          WHERE s.xero_enqueued_at IS NULL
             OR s.xero_enqueued_at < EXCLUDED.xero_enqueued_at - make_interval(secs => greatest(p_stale_seconds, 60))
        RETURNING s.tenant_id, s.integration_id, s.flow_key
      $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION lb_sync_flows_to_drain(p_limit integer)
      RETURNS TABLE (tenant_id uuid, integration_id uuid, flow_key text)
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT f.tenant_id, f.integration_id, f.flow_key FROM (
          SELECT DISTINCT p.tenant_id, p.integration_id, p.flow_key
          FROM sync_pending_changes p
          JOIN integrations i ON i.tenant_id = p.tenant_id AND i.id = p.integration_id
          JOIN tenants t ON t.id = p.tenant_id
          WHERE t.status = 'active' AND cardinality(i.pause_reasons) = 0
            AND ((p.state = 'pending' AND p.available_at <= now() - interval '15 seconds')
                 OR (p.state = 'claimed' AND p.claimed_until < now()))
        ) f
        ORDER BY random()
        LIMIT least(greatest(p_limit, 1), 1000)
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION lb_sync_flows_to_drain(p_limit integer)
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
      CREATE OR REPLACE FUNCTION lb_sync_claim_stale_xero_polls(p_limit integer, p_stale_seconds integer)
      RETURNS TABLE (tenant_id uuid, integration_id uuid, flow_key text)
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        WITH due AS (
          SELECT h.tenant_id AS t_id, h.integration_id AS i_id, h.flow_key AS f_key,
                 make_interval(secs => greatest(p_stale_seconds,
                   2 * coalesce((v.document->'trigger'->>'everySeconds')::int, 0))) AS stale
          FROM sync_flow_heads h
          JOIN sync_flow_versions v ON v.tenant_id = h.tenant_id AND v.id = h.active_version_id
          JOIN integrations i ON i.tenant_id = h.tenant_id AND i.id = h.integration_id
          JOIN tenants t ON t.id = h.tenant_id
          WHERE t.status = 'active' AND cardinality(i.pause_reasons) = 0
            AND v.document->>'enabled' = 'true' AND v.document->'trigger'->>'kind' <> 'manual'
            AND v.document->>'direction' IN ('xero-to-x3', 'both-ways')
        )
        INSERT INTO sync_poll_schedules AS s (tenant_id, integration_id, flow_key, xero_enqueued_at)
        SELECT t_id, i_id, f_key, clock_timestamp() FROM due d
        WHERE NOT EXISTS (SELECT 1 FROM sync_flow_cursors c
                          WHERE c.tenant_id = d.t_id AND c.integration_id = d.i_id AND c.flow_key = d.f_key
                            AND c.side = 'xero' AND c.polled_at > now() - d.stale)
        LIMIT least(greatest(p_limit, 1), 1000)
        ON CONFLICT (tenant_id, integration_id, flow_key) DO UPDATE
          SET xero_enqueued_at = EXCLUDED.xero_enqueued_at, updated_at = now()
          WHERE s.xero_enqueued_at IS NULL
             OR s.xero_enqueued_at < EXCLUDED.xero_enqueued_at - make_interval(secs => greatest(p_stale_seconds, 60))
        RETURNING s.tenant_id, s.integration_id, s.flow_key
      $$`);
  }
}
