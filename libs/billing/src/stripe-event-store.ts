import { DataSource, EntityManager } from 'typeorm';

export interface StoredStripeEvent {
  /** False: a redelivery of an event already stored. */
  isNew: boolean;
  /** The tenant whose Stripe customer the event concerns; null when no tenant has that customer. */
  tenantId: string | null;
  processed: boolean;
}

/**
 * The stripe_events inbox, reached only through its SECURITY DEFINER functions (migration
 * BillingTenancy): the runtime role has no privileges on the table. Storing routes the event by
 * its customer to the tenant whose billing account holds it; processing is marked once, by that
 * tenant only.
 */
export class StripeEventStore {
  constructor(private readonly dataSource: DataSource) {}

  async store(e: {
    id: string;
    type: string;
    customerId: string | null;
    payload: unknown;
  }): Promise<StoredStripeEvent> {
    const rows: Array<{ is_new: boolean; tenant_id: string | null; processed: boolean }> = await this.dataSource.query(
      'SELECT * FROM lb_stripe_event_store($1, $2, $3, $4::jsonb)',
      [e.id, e.type, e.customerId, JSON.stringify(e.payload)],
    );
    return { isNew: rows[0].is_new, tenantId: rows[0].tenant_id, processed: rows[0].processed };
  }

  /** The event's type and whether it was processed, when it belongs to the tenant; null otherwise. */
  async of(m: EntityManager, eventId: string, tenantId: string): Promise<{ type: string; processed: boolean } | null> {
    const rows: Array<{ type: string; processed: boolean }> = await m.query(
      'SELECT * FROM lb_stripe_event_of($1, $2)',
      [eventId, tenantId],
    );
    return rows[0] ?? null;
  }

  /** Marks the tenant's event processed in the caller's transaction; false when it already was. */
  async markProcessed(m: EntityManager, eventId: string, tenantId: string): Promise<boolean> {
    const rows: Array<{ done: boolean }> = await m.query('SELECT lb_stripe_event_processed($1, $2) AS done', [
      eventId,
      tenantId,
    ]);
    return rows[0]?.done === true;
  }

  /**
   * The billing sweep's question: events stored before their customer was known, routed now to the
   * tenant that holds it, and routed events left unprocessed for `staleSeconds` (a lost job, or one
   * whose retries ran out while Stripe was down). Ids only.
   */
  async toRetry(limit: number, staleSeconds: number): Promise<Array<{ id: string; tenantId: string }>> {
    const rows: Array<{ id: string; tenant_id: string }> = await this.dataSource.query(
      'SELECT * FROM lb_stripe_events_to_retry($1, $2)',
      [limit, staleSeconds],
    );
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id }));
  }

  /** Tenants whose off-boarding cancellation Stripe has not confirmed yet (billing_accounts.cancel_pending_since). */
  async pendingCancels(limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      'SELECT id FROM lb_billing_pending_cancels($1) AS id',
      [limit],
    );
    return rows.map((r) => r.id);
  }
}
