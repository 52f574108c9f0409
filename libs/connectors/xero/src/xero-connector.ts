import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { ConnectionsClient } from './auth/connections-client';
import { GrantTokens } from './auth/grant-tokens';
import { IdentityClient } from './auth/identity-client';
import { RefreshLock } from './auth/refresh-lock';
import { BatchWriter } from './batches/batch-writer';
import { GrantService } from './connections/grant-service';
import { XeroRouting } from './connections/xero-routing';
import { XeroCaller } from './http/xero-caller';
import { XeroMeter } from './metering/xero-meter';
import { XeroReads } from './operations/xero-reads';
import { XeroReports } from './operations/xero-reports';
import { XeroStatusChanges } from './operations/xero-status-changes';
import { XeroRateLimiter } from './rate-limit/rate-limiter';
import { XeroEventFetcher } from './webhooks/event-fetcher';
import { XeroWebhookInboxService } from './webhooks/webhook-inbox';
import { XeroOrgFactory } from './xero-org';
import { XeroSettings } from './xero-settings';

export interface XeroConnectorDeps {
  dataSource: DataSource;
  redis: Redis;
  secrets: SecretStore;
  settings: XeroSettings;
  registry: Registry;
  /** The meter's clock (epoch ms); tests place calls in the past with it. */
  meterNow?: () => number;
}

/** Everything the connector offers, wired once per process (Nest module, tests and benches). */
export function createXeroConnector(d: XeroConnectorDeps) {
  const s = d.settings;
  const tx = new TenantTransactions(d.dataSource);
  const identityTimeout = Math.min(s.callTimeoutMs, 15_000);
  const identity = new IdentityClient({
    identityUrl: s.identityUrl,
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    timeoutMs: identityTimeout,
    allowHttp: s.allowHttpIdentity,
  });
  const connectionsApi = new ConnectionsClient(s.apiUrl, identityTimeout);
  const limiter = new XeroRateLimiter(d.redis, s.limits);
  const meter = new XeroMeter(d.registry, d.redis, { clockScale: s.clockScale, now: d.meterNow });
  const lockTtlMs = identityTimeout + 5_000;
  const tokens = new GrantTokens(tx, d.secrets, identity, new RefreshLock(d.redis), {
    clockScale: s.clockScale,
    // two (Xero) minutes of margin, at least 1 real second
    marginMs: Math.max(1_000, 120_000 / s.clockScale),
    lockTtlMs,
    waitMs: lockTtlMs + identityTimeout + 5_000,
  });
  const routing = new XeroRouting(d.dataSource);
  const grants = new GrantService(
    tx,
    identity,
    connectionsApi,
    tokens,
    routing,
    s.redirectUri,
    s.clockScale,
    s.clientId,
  );
  const caller = new XeroCaller(limiter, meter, `${s.apiUrl}/api.xro/2.0`, s.callTimeoutMs);
  const orgs = new XeroOrgFactory(tx, tokens, caller, grants);
  const reads = new XeroReads();
  return {
    settings: s,
    identity,
    limiter,
    meter,
    tokens,
    grants,
    routing,
    orgs,
    reads,
    reports: new XeroReports(),
    statusChanges: new XeroStatusChanges(),
    batches: new BatchWriter(tx, s.batchSize),
    inbox: new XeroWebhookInboxService(d.dataSource, tx, routing),
    events: new XeroEventFetcher(tx, orgs, reads),
  };
}

export type XeroConnector = ReturnType<typeof createXeroConnector>;
