import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the sweep starts a flow's Xero poll chain (poll-xero queues its own next poll) when
 * it never ran or has been silent past max(p_stale_seconds, twice its schedule), claiming it by
 * moving sync_poll_schedules.xero_enqueued_at under the row lock, so racing sweeps start it once.
 */
export class SyncSweepXeroPollsDoor1796058418181 implements MigrationInterface {
  name = 'SyncSweepXeroPollsDoor1796058418181';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION lb_sync_claim_stale_xero_polls(p_limit integer, p_stale_seconds integer)
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
    await queryRunner.query(
      `SELECT lb_grant_to_runtime('lb_sync_claim_stale_xero_polls(integer, integer)'::regprocedure)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_sync_claim_stale_xero_polls(integer, integer)`);
  }
}
