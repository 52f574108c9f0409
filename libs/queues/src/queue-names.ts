/** One queue per kind of work (never per tenant); jobs in a queue are told apart by name. */
export const QUEUES = {
  diagnostics: 'diagnostics',
  maintenance: 'maintenance',
  xero: 'xero',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  diagnostics: { probe: 'probe' },
  maintenance: {
    rotateSecrets: 'rotate-secrets',
    heartbeat: 'heartbeat',
    purgeSweep: 'tenant-purge-sweep',
    purgeTenant: 'purge-tenant',
  },
  xero: {
    webhookEvent: 'webhook-event',
    refreshGrant: 'refresh-grant',
    keepAlive: 'keep-alive',
    reroute: 'reroute-inbox',
    connectionsSweep: 'connections-sweep',
    reconcileConnections: 'reconcile-connections',
  },
} as const;
