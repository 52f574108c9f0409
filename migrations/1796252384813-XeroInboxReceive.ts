import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: lb_xero_inbox_receive takes a whole Xero delivery in one call (one round trip,
 * one commit) instead of ~8 round trips per event. It stores every event in the global inbox
 * (deduplicated on Xero's event key), then routes each still-'received' one to the tenant whose
 * live connection owns its organisation: per tenant, inside that tenant's context
 * (app.tenant_id), the xero_events rows and one outbox row per event's fetch job, and the inbox
 * rows marked routed. A routing failure for one tenant rolls back only that tenant's routing
 * (its events stay 'received' for the worker's re-routing sweep); the storing never depends on it.
 * Events of no tenant (or not UUID-shaped) are marked 'unrouted', as before.
 * Queue and job names are fixed here (the 'xero' queue's 'webhook-event', XeroEventJob payload):
 * the runtime cannot make this function enqueue anything else.
 */
export class XeroInboxReceive1796252384813 implements MigrationInterface {
  name = 'XeroInboxReceive1796252384813';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION lb_xero_inbox_receive(p_xero_tenant_ids text[], p_categories text[], p_resource_ids text[],
        p_event_types text[], p_event_dates text[], p_resource_urls text[], p_tenant_types text[], p_lane text)
      RETURNS TABLE(stored integer, routed integer, unrouted integer)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        uuid_re constant text := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
        prior text := current_setting('app.tenant_id', true);
        owner record;
        n_stored integer;
        n_routed integer := 0;
        n_unrouted integer;
        keys uuid[];
      BEGIN
        IF cardinality(p_xero_tenant_ids) IS DISTINCT FROM cardinality(p_categories)
          OR cardinality(p_xero_tenant_ids) IS DISTINCT FROM cardinality(p_resource_ids)
          OR cardinality(p_xero_tenant_ids) IS DISTINCT FROM cardinality(p_event_types)
          OR cardinality(p_xero_tenant_ids) IS DISTINCT FROM cardinality(p_event_dates) THEN
          RAISE EXCEPTION 'event arrays differ in length' USING ERRCODE = 'invalid_parameter_value';
        END IF;

        INSERT INTO xero_webhook_inbox (xero_tenant_id, event_category, resource_id, event_type, event_date_utc, resource_url, tenant_type)
        SELECT lower(u.t), u.c, lower(u.r), u.e, u.d, u.url, u.tt
        FROM unnest(p_xero_tenant_ids, p_categories, p_resource_ids, p_event_types, p_event_dates, p_resource_urls, p_tenant_types)
          AS u(t, c, r, e, d, url, tt)
        ORDER BY 1, 2, 3, 4, 5 -- one lock order for concurrent deliveries that share events
        ON CONFLICT ON CONSTRAINT uq_xero_webhook_inbox_event DO NOTHING;
        GET DIAGNOSTICS n_stored = ROW_COUNT;

        -- This delivery's events still to route: the new ones, and repeats a crash left unrouted.
        SELECT array_agg(DISTINCT i.id) INTO keys
        FROM unnest(p_xero_tenant_ids, p_categories, p_resource_ids, p_event_types, p_event_dates) AS u(t, c, r, e, d)
        JOIN xero_webhook_inbox i ON i.xero_tenant_id = lower(u.t) AND i.event_category = u.c
          AND i.resource_id = lower(u.r) AND i.event_type = u.e AND i.event_date_utc = u.d
        WHERE i.status = 'received';

        FOR owner IN
          SELECT c.tenant_id, c.id AS connection_id, array_agg(i.id) AS inbox_ids
          FROM xero_webhook_inbox i
          JOIN xero_connections c ON c.status <> 'disconnected'
            AND c.xero_tenant_id = CASE WHEN i.xero_tenant_id ~ uuid_re THEN i.xero_tenant_id::uuid END
          WHERE i.id = ANY(keys) AND i.resource_id ~ uuid_re
          GROUP BY c.tenant_id, c.id
        LOOP
          BEGIN
            PERFORM set_config('app.tenant_id', owner.tenant_id::text, true);
            WITH ev AS (
              INSERT INTO xero_events (tenant_id, connection_id, inbox_id, event_category, event_type, resource_id, event_date_utc, status)
              SELECT owner.tenant_id, owner.connection_id, i.id, i.event_category, i.event_type, i.resource_id::uuid, i.event_date_utc, 'pending'
              FROM xero_webhook_inbox i WHERE i.id = ANY(owner.inbox_ids)
              ON CONFLICT ON CONSTRAINT uq_xero_events_inbox DO NOTHING
              RETURNING id)
            INSERT INTO job_outbox (lane, tenant_id, queue_name, job_name, payload, job_id)
            SELECT p_lane, owner.tenant_id, 'xero', 'webhook-event',
                   jsonb_build_object('tenantId', owner.tenant_id, 'eventId', ev.id), 'xero-event:' || ev.id
            FROM ev;
            UPDATE xero_webhook_inbox SET status = 'routed', routed_tenant_id = owner.tenant_id, routed_at = now()
            WHERE id = ANY(owner.inbox_ids);
            n_routed := n_routed + cardinality(owner.inbox_ids);
          EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'xero inbox: routing to tenant % failed (%); left for the re-routing sweep', owner.tenant_id, SQLERRM;
          END;
        END LOOP;
        PERFORM set_config('app.tenant_id', coalesce(prior, ''), true);

        -- No live connection owns the organisation (or the ids are not Xero's shape).
        UPDATE xero_webhook_inbox i SET status = 'unrouted', routed_at = now()
        WHERE i.id = ANY(keys) AND i.status = 'received'
          AND NOT EXISTS (SELECT 1 FROM xero_connections c WHERE c.status <> 'disconnected'
            AND c.xero_tenant_id = CASE WHEN i.xero_tenant_id ~ uuid_re AND i.resource_id ~ uuid_re THEN i.xero_tenant_id::uuid END);
        GET DIAGNOSTICS n_unrouted = ROW_COUNT;
        RETURN QUERY SELECT n_stored, n_routed, n_unrouted;
      END $$`);
    await queryRunner.query(
      `SELECT lb_grant_to_runtime('lb_xero_inbox_receive(text[], text[], text[], text[], text[], text[], text[], text)'::regprocedure)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION lb_xero_inbox_receive(text[], text[], text[], text[], text[], text[], text[], text)`,
    );
  }
}
