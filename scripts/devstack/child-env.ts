// Which environment each process the dev launcher starts may see. The runtime processes get the
// runtime role's URL only: the owner URL (BYPASSRLS, owns the schema) is for migrations, which the
// launcher runs itself before starting them. The sandbox is the far side of the wire: its own
// database URL, none of the product's databases, queues or keys.

/** Set-up credentials: migrations and role bootstrap use them; no long-running process does. */
const SETUP_ONLY = [
  'DATABASE_OWNER_URL',
  'DATABASE_SUPERUSER_URL',
  'DATABASE_OWNER_PASSWORD',
  'DATABASE_RUNTIME_PASSWORD',
  'DATABASE_SANDBOX_PASSWORD',
];

/** The product's own stores and keys, which the sandbox (playing Xero, X3 and Stripe) never holds. */
const PRODUCT_ONLY = [
  'DATABASE_URL',
  'REDIS_URL',
  'SECRETS_KEYS',
  'SECRETS_ACTIVE_KEY_ID',
  'SESSION_SECRET',
  'METRICS_TOKEN',
  'XERO_CLIENT_SECRET',
  'XERO_WEBHOOK_KEY',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
];

function without(env: NodeJS.ProcessEnv, names: string[]): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of names) delete copy[name];
  return copy;
}

/** For the api and the worker: everything but set-up credentials and the sandbox's database. */
export function runtimeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return without(env, [...SETUP_ONLY, 'SANDBOX_DATABASE_URL']);
}

/** For the sandbox: its own database URL, nothing of the product's. */
export function sandboxEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return without(env, [...SETUP_ONLY, ...PRODUCT_ONLY]);
}
