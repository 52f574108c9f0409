// Wires the real connector (real PostgreSQL, Redis, the sandbox over HTTP) for integration tests.
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { KeyRing, SecretBox, SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { createTenant, requireEnv, runtimeDataSource } from '#lb/testing';
import { createXeroConnector, XeroConnector, XeroConnectorDeps } from '../src/xero-connector';
import { XeroSettings } from '../src/xero-settings';
import { consent, createOrg, registerApp, SandboxOrg } from './sandbox-process';

export const REDIRECT = 'http://127.0.0.1:5999/api/xero/callback';

export interface Harness {
  ds: DataSource;
  redis: Redis;
  tx: TenantTransactions;
  secrets: SecretStore;
  app: { clientId: string; clientSecret: string; webhookKey: string };
  connector(overrides?: Partial<XeroSettings>, deps?: Pick<XeroConnectorDeps, 'meterNow'>): XeroConnector;
  close(): Promise<void>;
}

const CALL_TIMEOUT_MS = 30_000;

export async function harness(sandboxUrl: string): Promise<Harness> {
  const ds = await runtimeDataSource(8);
  const redis = new Redis(requireEnv('REDIS_URL'), { maxRetriesPerRequest: 2 });
  const secrets = new SecretStore(
    new SecretBox(KeyRing.parse(requireEnv('SECRETS_KEYS'), requireEnv('SECRETS_ACTIVE_KEY_ID'))),
  );
  const app = await registerApp(sandboxUrl, REDIRECT);
  const connector = (o: Partial<XeroSettings> = {}, deps: Pick<XeroConnectorDeps, 'meterNow'> = {}) =>
    createXeroConnector({
      ...deps,
      dataSource: ds,
      redis,
      secrets,
      registry: new Registry(),
      settings: {
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        webhookKey: app.webhookKey,
        identityUrl: `${sandboxUrl}/identity`,
        allowHttpIdentity: true,
        apiUrl: sandboxUrl,
        redirectUri: REDIRECT,
        scopes:
          'openid profile email offline_access accounting.contacts accounting.settings accounting.invoices accounting.payments accounting.banktransactions accounting.manualjournals'.split(
            ' ',
          ),
        // production's deadline (XERO_CALL_TIMEOUT_MS): at 5 s, a 50-record batch on a loaded
        // machine timed out into "unknown outcome"; a test of the deadline sets its own
        callTimeoutMs: CALL_TIMEOUT_MS,
        clockScale: 1,
        keepAliveDays: 45,
        limits: {
          minute: 60,
          day: 5000,
          concurrency: 5,
          appMinute: 10000,
          clockScale: 1,
          // as production has it: a slot outlives the longest call
          leaseMs: (o.callTimeoutMs ?? CALL_TIMEOUT_MS) + 5_000,
        },
        ...o,
      },
    });
  return {
    ds,
    redis,
    secrets,
    app,
    connector,
    tx: new TenantTransactions(ds),
    close: async () => {
      await redis.quit();
      await ds.destroy();
    },
  };
}

/** A tenant that went through the real code flow for one new sandbox organisation. */
export async function connectedTenant(h: Harness, sandboxUrl: string, c: XeroConnector) {
  const org: SandboxOrg = await createOrg(sandboxUrl);
  const tenantId = await createTenant(h.tx);
  const state = randomUUID();
  const url = await c.identity.consentUrl({ redirectUri: REDIRECT, scopes: c.settings.scopes, state });
  const back = await consent(url, sandboxUrl, org, [org.tenantId]);
  const result = await c.grants.completeAuthorisation(tenantId, null, {
    params: back.searchParams,
    expectedState: state,
  });
  return { org, tenantId, result, connectionId: result.connections[0]?.id };
}
