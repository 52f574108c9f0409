// Stripe simulator settings. The seed account (its secret key and webhook endpoints) can be given
// by the environment so the dev launcher can point our api at it; other accounts are made through
// the control API, each with fresh keys.
import { SandboxConfig } from '../sandbox-config';

export interface ConfiguredEndpoint {
  url: string;
  /** whsec_…; generated when absent. */
  secret?: string;
  events?: string[];
}

export interface StripeSettings {
  /** Secret key of the seed account (SANDBOX_STRIPE_SECRET_KEY); without it there is no seed account. */
  seedSecretKey?: string;
  /** Webhook endpoints of the seed account (SANDBOX_STRIPE_WEBHOOKS, a JSON array of {url, secret}). */
  seedWebhooks: ConfiguredEndpoint[];
  /** First retry delay after a failed delivery (real ms); each later one doubles it. */
  webhookRetryMs: number;
  /** Attempts before a delivery is given up (Stripe retries for up to three days). */
  webhookMaxAttempts: number;
  /** How long an endpoint has to answer (real ms). */
  webhookTimeoutMs: number;
}

export type StripeConfig = SandboxConfig & { stripe?: Partial<StripeSettings> };

export function loadStripeSettings(config: StripeConfig, env: NodeJS.ProcessEnv = process.env): StripeSettings {
  let seedWebhooks: ConfiguredEndpoint[] = [];
  if (env.SANDBOX_STRIPE_WEBHOOKS) {
    try {
      seedWebhooks = JSON.parse(env.SANDBOX_STRIPE_WEBHOOKS) as ConfiguredEndpoint[];
      if (!Array.isArray(seedWebhooks) || !seedWebhooks.every((w) => typeof w?.url === 'string')) throw new Error();
    } catch {
      throw new Error('SANDBOX_STRIPE_WEBHOOKS must be a JSON array of {url, secret}');
    }
  }
  const seedSecretKey = env.SANDBOX_STRIPE_SECRET_KEY || undefined;
  if (seedSecretKey && !/^sk_test_[A-Za-z0-9_-]{8,}$/.test(seedSecretKey))
    throw new Error('SANDBOX_STRIPE_SECRET_KEY must look like sk_test_…');
  const retry = Number(env.SANDBOX_STRIPE_WEBHOOK_RETRY_MS ?? 5000);
  return {
    seedSecretKey,
    seedWebhooks,
    webhookRetryMs: retry > 0 ? retry : 5000,
    webhookMaxAttempts: 8,
    webhookTimeoutMs: 10_000,
    ...config.stripe,
  };
}
