/** One queue per kind of work (never per tenant); jobs in a queue are told apart by name. */
export const QUEUES = {
  diagnostics: 'diagnostics',
  maintenance: 'maintenance',
  xero: 'xero',
  sync: 'sync',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  diagnostics: { probe: 'probe' },
  maintenance: {
    rotateSecrets: 'rotate-secrets',
    heartbeat: 'heartbeat',
    purgeSweep: 'tenant-purge-sweep',
    purgeTenant: 'purge-tenant',
    /** Every tenant's alert rules evaluated: alerts opened and resolved (libs/sync/src/alerts). */
    alertsEvaluate: 'alerts-evaluate',
    /** One signed alert webhook delivery; Bull's backoff retries it until the receiver takes it. */
    alertWebhook: 'alert-webhook',
    /** Record-trail events, runs and dead-letter payloads past LB_TRAIL_RETENTION_DAYS removed (libs/sync/src/trail). */
    trailRetention: 'trail-retention',
    /** One reconciliation run of an integration as of a date (libs/reconciliation). */
    reconcileRun: 'reconcile-run',
    /** Every tenant's due reconciliation schedules: a run queued for each (libs/reconciliation/src/schedule). */
    reconcileSchedules: 'reconcile-schedules',
    /** An approved reconciliation fix: a duplicate keyed in Xero voided there (libs/reconciliation/src/fixes). */
    voidDuplicate: 'void-duplicate',
    /** An approved reconciliation fix: the payments of a document paid in Xero only queued for X3 (libs/reconciliation/src/fixes). */
    carryXeroPayments: 'carry-xero-payments',
    /** One stored Stripe event of a tenant: its subscription re-read from Stripe and put in force (libs/billing). */
    stripeEvent: 'stripe-event',
    /** Every tenant's billing standing re-applied as time passes (trial end, grace end): pauses follow. */
    billingSweep: 'billing-sweep',
  },
  xero: {
    webhookEvent: 'webhook-event',
    refreshGrant: 'refresh-grant',
    keepAlive: 'keep-alive',
    reroute: 'reroute-inbox',
    connectionsSweep: 'connections-sweep',
    reconcileConnections: 'reconcile-connections',
  },
  sync: {
    /** Takes up to 50 pending changes of one flow and carries them over; re-queues itself while more wait. */
    drain: 'drain',
    /** Reads one flow's X3 changes since its cursor into pending changes. */
    pollX3: 'poll-x3',
    /** Reads one flow's Xero changes (If-Modified-Since) into pending changes. */
    pollXero: 'poll-xero',
    /** Safety net: enqueues drains for flows with available changes and polls that are due. */
    sweep: 'sync-sweep',
    /** One stored shop webhook event (orders/create, orders/paid): an X3 order or a Xero payment. */
    shopEvent: 'shop-event',
    /** Safety net: queues again the shop events whose job was lost. */
    shopSweep: 'shop-sweep',
  },
} as const;
