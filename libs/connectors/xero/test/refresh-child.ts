// Run as a separate OS process by refresh-processes.int-spec.ts: asks the connector for an access
// token of one grant (refreshing it if stale) and prints one JSON line with the outcome.
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { KeyRing, SecretBox, SecretStore } from '#lb/crypto';
import { createDataSource } from '#lb/database';
import { ALL_ENTITIES } from '#lb/schema';
import { createXeroConnector } from '../src/xero-connector';

async function main(): Promise<void> {
  const [tenantId, grantId, identityUrl, apiUrl, clientId, clientSecret] = process.argv.slice(2);
  const ds = await createDataSource(process.env.DATABASE_URL!, ALL_ENTITIES).initialize();
  const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 2 });
  const c = createXeroConnector({
    dataSource: ds,
    redis,
    registry: new Registry(),
    secrets: new SecretStore(
      new SecretBox(KeyRing.parse(process.env.SECRETS_KEYS!, process.env.SECRETS_ACTIVE_KEY_ID!)),
    ),
    settings: {
      clientId,
      clientSecret,
      webhookKey: '',
      identityUrl,
      allowHttpIdentity: true,
      apiUrl,
      redirectUri: 'http://127.0.0.1/cb',
      scopes: [],
      callTimeoutMs: 4_000,
      clockScale: 1,
      keepAliveDays: 45,
      limits: { minute: 60, day: 5000, concurrency: 5, appMinute: 10000, clockScale: 1, leaseMs: 9_000 },
    },
  });
  try {
    const token = await c.tokens.accessToken(tenantId, grantId);
    process.stdout.write(`${JSON.stringify({ ok: true, tokenTail: token.slice(-12) })}\n`);
  } catch (e) {
    process.stdout.write(
      `${JSON.stringify({ ok: false, error: (e as Error).message, kind: (e as { kind?: string }).kind })}\n`,
    );
  } finally {
    await redis.quit();
    await ds.destroy();
  }
}

void main();
