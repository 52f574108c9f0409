import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the sync sweep's lb_sync_claim_stale_xero_polls also starts the Xero poll chain of
 * enabled x3-to-xero invoice and bill flows. Those polls only keep reconciliation's copies of the
 * documents the flow wrote (an edit made in Xero, a second copy keyed there); nothing goes to X3
 * (libs/sync/src/xero-intake/xero-poller.ts, keepsXeroCopies). Otherwise as BillingEnforcementTenancy.
 */
export class ReconXeroCopyPolls1796240000000 implements MigrationInterface {
  name = 'ReconXeroCopyPolls1796240000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(claimStaleXeroPolls(true));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(claimStaleXeroPolls(false));
  }
}

function claimStaleXeroPolls(copyKeeping: boolean): string {
  return `
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
          WHERE t.status = 'active' AND cardinality(i.pause_reasons) = 0 AND cardinality(h.pause_reasons) = 0
            AND v.document->>'enabled' = 'true' AND v.document->'trigger'->>'kind' <> 'manual'
            AND (v.document->>'direction' IN ('xero-to-x3', 'both-ways')${
              copyKeeping
                ? ` OR (v.document->>'direction' = 'x3-to-xero' AND v.document->>'entity' IN ('invoice', 'bill'))`
                : ''
            })
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
      $$`;
}
