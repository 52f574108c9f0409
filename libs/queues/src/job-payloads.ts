/**
 * Every job names its tenant and the ids of the rows it works on, nothing more: the worker
 * re-enters the tenant's context and reads the rows, so a payload never carries data or secrets.
 */
export interface TenantJob {
  tenantId: string;
}

export interface ProbeJob extends TenantJob {
  probeRunId: string;
}

export type RotateSecretsJob = TenantJob;

/** A system job: it touches no tenant's data, so it carries nothing at all. */
export type SystemJob = Record<string, never>;

/** A routed Xero webhook event (a xero_events row of the tenant). */
export interface XeroEventJob extends TenantJob {
  eventId: string;
}

/** Refresh one Xero grant's token set (keep-alive of idle grants). */
export interface XeroGrantJob extends TenantJob {
  grantId: string;
}

/** One flow of one integration (drain, polls): the worker reads the flow and its rows itself. */
export interface SyncFlowJob extends TenantJob {
  integrationId: string;
  flowKey: string;
  /** poll-x3 only: 'wide' re-reads the whole overlap window below the cursor's mark. */
  window?: 'wide';
  /** poll-xero only: one poll outside the flow's chain, which queues no next poll. */
  once?: true;
}

/** A stored shop webhook event (a shop_events row of the tenant). */
export interface ShopEventJob extends TenantJob {
  eventId: string;
}

/** One alert webhook delivery (an alert_webhook_deliveries row of the tenant). */
export interface AlertWebhookJob extends TenantJob {
  deliveryId: string;
}

/** One reconciliation run (a recon_runs row of the tenant) to carry out. */
export interface ReconcileRunJob extends TenantJob {
  runId: string;
}

/** An approved reconciliation difference whose fix voids a duplicate in Xero. */
export interface VoidDuplicateJob extends TenantJob {
  differenceId: string;
}

/** An approved reconciliation difference whose fix carries a payment keyed in Xero to X3. */
export interface CarryXeroPaymentsJob extends TenantJob {
  differenceId: string;
}

/** A stored Stripe event (a stripe_events row routed to the tenant), by Stripe's evt_ id. */
export interface StripeEventJob extends TenantJob {
  stripeEventId: string;
}

/** Payload type of each (queue, job) pair; the producer and processors are checked against it. */
export interface JobPayloads {
  diagnostics: { probe: ProbeJob };
  maintenance: {
    'rotate-secrets': RotateSecretsJob;
    heartbeat: SystemJob;
    'tenant-purge-sweep': SystemJob;
    'purge-tenant': TenantJob;
    'alerts-evaluate': SystemJob;
    'alert-webhook': AlertWebhookJob;
    'trail-retention': SystemJob;
    'reconcile-run': ReconcileRunJob;
    'reconcile-schedules': SystemJob;
    'void-duplicate': VoidDuplicateJob;
    'carry-xero-payments': CarryXeroPaymentsJob;
    'stripe-event': StripeEventJob;
    'billing-sweep': SystemJob;
  };
  xero: {
    'webhook-event': XeroEventJob;
    'refresh-grant': XeroGrantJob;
    'keep-alive': SystemJob;
    'reroute-inbox': SystemJob;
    'connections-sweep': SystemJob;
    'reconcile-connections': XeroGrantJob;
  };
  sync: {
    drain: SyncFlowJob;
    'poll-x3': SyncFlowJob;
    'poll-xero': SyncFlowJob;
    'sync-sweep': SystemJob;
    'shop-event': ShopEventJob;
    'shop-sweep': SystemJob;
  };
}
