// The Stripe simulator's tables in the sandbox database. A sandbox "account" is one Stripe
// account (its own keys, objects, events and webhook endpoints); objects are JSONB documents in
// their wire shape, in creation order (seq) so lists come newest first as Stripe's do.
export const STRIPE_SCHEMA = `
CREATE TABLE IF NOT EXISTS stripe_accounts (
  id text PRIMARY KEY, seed_key text UNIQUE, secret_key text NOT NULL UNIQUE, publishable_key text NOT NULL,
  control_token text NOT NULL, settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS stripe_objects (
  account_id text NOT NULL REFERENCES stripe_accounts(id) ON DELETE CASCADE, id text NOT NULL,
  type text NOT NULL, doc jsonb NOT NULL, seq bigserial, PRIMARY KEY (account_id, id));
CREATE INDEX IF NOT EXISTS stripe_objects_type ON stripe_objects (account_id, type, seq);
CREATE TABLE IF NOT EXISTS stripe_idempotency (
  account_id text NOT NULL REFERENCES stripe_accounts(id) ON DELETE CASCADE, key text NOT NULL,
  request_hash text NOT NULL, status int, body text, created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, key));
CREATE TABLE IF NOT EXISTS stripe_webhook_endpoints (
  id text PRIMARY KEY, account_id text NOT NULL REFERENCES stripe_accounts(id) ON DELETE CASCADE,
  url text NOT NULL, secret text NOT NULL, enabled_events jsonb NOT NULL DEFAULT '["*"]'::jsonb,
  status text NOT NULL DEFAULT 'enabled', created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS stripe_events (
  account_id text NOT NULL REFERENCES stripe_accounts(id) ON DELETE CASCADE, id text NOT NULL,
  type text NOT NULL, doc jsonb NOT NULL, seq bigserial, PRIMARY KEY (account_id, id));
CREATE TABLE IF NOT EXISTS stripe_deliveries (
  id bigserial PRIMARY KEY, account_id text NOT NULL REFERENCES stripe_accounts(id) ON DELETE CASCADE,
  event_id text NOT NULL, endpoint_id text NOT NULL REFERENCES stripe_webhook_endpoints(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending', attempts int NOT NULL DEFAULT 0, next_attempt_ms bigint NOT NULL,
  last_status int, last_error text, origin text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz);
CREATE INDEX IF NOT EXISTS stripe_deliveries_due ON stripe_deliveries (origin, status, next_attempt_ms);
`;
