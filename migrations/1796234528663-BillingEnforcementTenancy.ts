import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written follow-up to BillingEnforcement:
 * - sync_monthly_usage gets the standard forced RLS policy;
 * - the sync sweep's three cross-tenant functions also leave out a flow whose own head carries a
 *   pause reason (sync_flow_heads.pause_reasons: a flow the plan in force does not include), so such
 *   a flow is neither polled nor drained while its integration's other flows run;
 * - lb_stripe_events_to_retry: the billing sweep's question about the global stripe_events inbox. It
 *   routes the unprocessed events stored before their customer was known to the tenant whose billing
 *   account now holds that customer, and answers those with the routed ones left unprocessed for
 *   p_stale_seconds (a lost or given-up job), ids only;
 * - lb_billing_pending_cancels: the tenants whose off-boarding cancellation Stripe has not confirmed.
 */
export class BillingEnforcementTenancy1796234528663 implements MigrationInterface {
  name = 'BillingEnforcementTenancy1796234528663';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT lb_enable_tenant_rls('sync_monthly_usage')`);
    await queryRunner.query(claimDuePolls(true));
    await queryRunner.query(claimStaleXeroPolls(true));
    await queryRunner.query(flowsToDrain(true));
    await queryRunner.query(`
      CREATE FUNCTION lb_stripe_events_to_retry(p_limit integer, p_stale_seconds integer)
      RETURNS TABLE(id text, tenant_id uuid)
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        RETURN QUERY
          WITH routed AS (
            UPDATE stripe_events e SET routed_tenant_id = b.tenant_id
            FROM billing_accounts b
            WHERE e.routed_tenant_id IS NULL AND e.processed_at IS NULL AND e.customer_id IS NOT NULL
              AND b.stripe_customer_id = e.customer_id AND e.received_at > now() - interval '30 days'
            RETURNING e.id, e.routed_tenant_id
          ), stale AS (
            SELECT e.id, e.routed_tenant_id FROM stripe_events e
            WHERE e.processed_at IS NULL AND e.routed_tenant_id IS NOT NULL
              AND e.received_at < now() - make_interval(secs => greatest(p_stale_seconds, 60))
              AND e.received_at > now() - interval '30 days'
            ORDER BY e.received_at
            LIMIT least(greatest(p_limit, 1), 1000)
          )
          SELECT r.id, r.routed_tenant_id FROM routed r
          UNION SELECT s.id, s.routed_tenant_id FROM stale s;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_billing_pending_cancels(p_limit integer) RETURNS SETOF uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT b.tenant_id FROM billing_accounts b WHERE b.cancel_pending_since IS NOT NULL
        ORDER BY b.cancel_pending_since LIMIT least(greatest(p_limit, 1), 1000)
      $$`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_stripe_events_to_retry(integer, integer)')`);
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_billing_pending_cancels(integer)')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_billing_pending_cancels(integer)`);
    await queryRunner.query(`DROP FUNCTION lb_stripe_events_to_retry(integer, integer)`);
    await queryRunner.query(flowsToDrain(false));
    await queryRunner.query(claimStaleXeroPolls(false));
    await queryRunner.query(claimDuePolls(false));
    await queryRunner.query(`DROP POLICY tenant_isolation ON sync_monthly_usage`);
    await queryRunner.query(`ALTER TABLE sync_monthly_usage NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE sync_monthly_usage DISABLE ROW LEVEL SECURITY`);
  }
}

/** The definitions of SyncPollFailureBackoff and SyncSweepFairClaims, with the flow's own pause when `flowPause`. */
function claimDuePolls(flowPause: boolean): string {
  const every = `(v.document->'trigger'->>'everySeconds')::int`;
  const wait = `least(1800, ${every} * power(2, least(coalesce(s.poll_failures, 0), 12)))`;
  return `
    CREATE OR REPLACE FUNCTION lb_sync_claim_due_polls(p_limit integer)
    RETURNS TABLE (tenant_id uuid, integration_id uuid, flow_key text, poll_failures integer)
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
        WHERE t.status = 'active' AND cardinality(i.pause_reasons) = 0${flowPause ? ' AND cardinality(h.pause_reasons) = 0' : ''}
          AND v.document->>'enabled' = 'true' AND v.document->'trigger'->>'kind' = 'x3-poll'
          AND v.document->>'direction' IN ('x3-to-xero', 'both-ways')
          AND coalesce(greatest(c.polled_at, s.enqueued_at), '-infinity'::timestamptz)
              <= now() - make_interval(secs => ${wait})
        ORDER BY coalesce(greatest(c.polled_at, s.enqueued_at), '-infinity'::timestamptz)
        LIMIT least(greatest(p_limit, 1), 1000)
      )
      INSERT INTO sync_poll_schedules AS s (tenant_id, integration_id, flow_key, enqueued_at)
      SELECT t_id, i_id, f_key, clock_timestamp() FROM due
      ON CONFLICT (tenant_id, integration_id, flow_key) DO UPDATE
        SET enqueued_at = EXCLUDED.enqueued_at, updated_at = now()
        WHERE s.enqueued_at IS NULL OR s.enqueued_at < EXCLUDED.enqueued_at - interval '4 seconds'
      RETURNING s.tenant_id, s.integration_id, s.flow_key, s.poll_failures
    $$`;
}

function claimStaleXeroPolls(flowPause: boolean): string {
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
          WHERE t.status = 'active' AND cardinality(i.pause_reasons) = 0${flowPause ? ' AND cardinality(h.pause_reasons) = 0' : ''}
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
      $$`;
}

function flowsToDrain(flowPause: boolean): string {
  const paused = flowPause
    ? `
            AND NOT EXISTS (SELECT 1 FROM sync_flow_heads h
                            WHERE h.tenant_id = p.tenant_id AND h.integration_id = p.integration_id
                              AND h.flow_key = p.flow_key AND cardinality(h.pause_reasons) > 0)`
    : '';
  return `
      CREATE OR REPLACE FUNCTION lb_sync_flows_to_drain(p_limit integer)
      RETURNS TABLE (tenant_id uuid, integration_id uuid, flow_key text)
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT f.tenant_id, f.integration_id, f.flow_key FROM (
          SELECT DISTINCT p.tenant_id, p.integration_id, p.flow_key
          FROM sync_pending_changes p
          JOIN integrations i ON i.tenant_id = p.tenant_id AND i.id = p.integration_id
          JOIN tenants t ON t.id = p.tenant_id
          WHERE t.status = 'active' AND cardinality(i.pause_reasons) = 0${paused}
            AND ((p.state = 'pending' AND p.available_at <= now() - interval '15 seconds')
                 OR (p.state = 'claimed' AND p.claimed_until < now()))
        ) f
        ORDER BY random()
        LIMIT least(greatest(p_limit, 1), 1000)
      $$`;
}
