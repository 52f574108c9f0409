import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the sweep's claim of due X3 polls waits the flow's interval times 2^poll_failures
 * (at most 30 minutes) after a run of failed polls, so flows whose X3 is down are not polled every
 * few seconds forever (a full test run found a proof world's polls stuck behind hundreds of flows
 * of finished suites, whose sandboxes were gone). Otherwise as in SyncTriggersTenancy.
 */
export class SyncPollFailureBackoff1796126331317 implements MigrationInterface {
  name = 'SyncPollFailureBackoff1796126331317';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_sync_claim_due_polls(integer)`);
    await queryRunner.query(claimDuePolls(true));
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_sync_claim_due_polls(integer)'::regprocedure)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_sync_claim_due_polls(integer)`);
    await queryRunner.query(claimDuePolls(false));
    await queryRunner.query(`SELECT lb_grant_to_runtime('lb_sync_claim_due_polls(integer)'::regprocedure)`);
  }
}

function claimDuePolls(backoff: boolean): string {
  const every = `(v.document->'trigger'->>'everySeconds')::int`;
  const wait = backoff ? `least(1800, ${every} * power(2, least(coalesce(s.poll_failures, 0), 12)))` : every;
  return `
    CREATE FUNCTION lb_sync_claim_due_polls(p_limit integer)
    RETURNS TABLE (tenant_id uuid, integration_id uuid, flow_key text${backoff ? ', poll_failures integer' : ''})
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
              <= now() - make_interval(secs => ${wait})
        ORDER BY coalesce(greatest(c.polled_at, s.enqueued_at), '-infinity'::timestamptz)
        LIMIT least(greatest(p_limit, 1), 1000)
      )
      INSERT INTO sync_poll_schedules AS s (tenant_id, integration_id, flow_key, enqueued_at)
      SELECT t_id, i_id, f_key, clock_timestamp() FROM due
      ON CONFLICT (tenant_id, integration_id, flow_key) DO UPDATE
        SET enqueued_at = EXCLUDED.enqueued_at, updated_at = now()
        WHERE s.enqueued_at IS NULL OR s.enqueued_at < EXCLUDED.enqueued_at - interval '4 seconds'
      RETURNING s.tenant_id, s.integration_id, s.flow_key${backoff ? ', s.poll_failures' : ''}
    $$`;
}
