// The environment the dev launcher gives its children (before devstack/child-env.ts takes from
// each what it may not see). A function of its own so docker-compose.yml can be checked against
// it (scripts/compose/compose-file.spec.ts): `docker compose up` must wire what `npm start` wires.
import { join } from 'node:path';
import { StackUrls } from './stack';

export function launcherEnv(opts: {
  root: string;
  port: string;
  sandboxPort: string;
  /** devstack/dev-state.ts devSecrets(): key ring, session and metrics secrets, our Xero app. */
  secrets: Record<string, string>;
  urls: StackUrls;
  env: NodeJS.ProcessEnv;
}): NodeJS.ProcessEnv {
  const { port, sandboxPort, secrets } = opts;
  const publicUrl = `http://localhost:${port}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  return {
    APP_ENV: 'development',
    LOG_LEVEL: 'info',
    PUBLIC_URL: publicUrl,
    WEB_DIST_DIR: join(opts.root, 'apps', 'web', 'dist'),
    ALLOW_PRIVATE_TARGETS: 'true',
    SANDBOX_PORT: sandboxPort,
    SANDBOX_URL: sandboxUrl,
    XERO_IDENTITY_URL: `${sandboxUrl}/identity`,
    XERO_API_URL: sandboxUrl,
    SANDBOX_XERO_APPS: JSON.stringify([
      {
        clientId: secrets.XERO_CLIENT_ID,
        clientSecret: secrets.XERO_CLIENT_SECRET,
        name: 'Ledgerbridge (development)',
        redirectUris: [`${publicUrl}/api/auth/xero/callback`, `${publicUrl}/api/xero/callback`],
        webhookUrl: `http://127.0.0.1:${port}/api/xero/webhooks`,
        webhookKey: secrets.XERO_WEBHOOK_KEY,
        // the sandbox's App Store listing: "Get this app" is Sign up with Xero, one consent
        signUpUrl: `${publicUrl}/api/auth/xero/login?signup=1`,
      },
    ]),
    // The api's Stripe client goes to the sandbox (STRIPE_API_URL unset = real Stripe); the sandbox's
    // seed account has our key and sends its signed events to our webhook route.
    STRIPE_API_URL: sandboxUrl,
    SANDBOX_STRIPE_SECRET_KEY: secrets.STRIPE_SECRET_KEY,
    SANDBOX_STRIPE_WEBHOOKS: JSON.stringify([
      { url: `http://127.0.0.1:${port}/api/billing/stripe/webhooks`, secret: secrets.STRIPE_WEBHOOK_SECRET },
    ]),
    ...secrets,
    ...opts.env,
    ...opts.urls,
    PORT: port,
  };
}
