// The Xero simulator's tables in the sandbox database. Entities are JSONB documents (the wire
// shape) per organisation; columns beside them hold what the store filters on.
export const XERO_SCHEMA = `
CREATE TABLE IF NOT EXISTS xero_users (
  id uuid PRIMARY KEY, email text NOT NULL UNIQUE, password_hash text NOT NULL,
  given_name text NOT NULL, family_name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS xero_orgs (
  id uuid PRIMARY KEY, seed_key text UNIQUE, owner_user_id uuid REFERENCES xero_users(id),
  name text NOT NULL, doc jsonb NOT NULL, control_token text NOT NULL,
  expires_at timestamptz, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS xero_org_members (
  org_id uuid NOT NULL REFERENCES xero_orgs(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES xero_users(id), PRIMARY KEY (org_id, user_id));
CREATE TABLE IF NOT EXISTS xero_entities (
  org_id uuid NOT NULL REFERENCES xero_orgs(id) ON DELETE CASCADE, kind text NOT NULL,
  id text NOT NULL, doc jsonb NOT NULL, updated_ms bigint NOT NULL, PRIMARY KEY (org_id, kind, id));
CREATE TABLE IF NOT EXISTS xero_apps (
  client_id text PRIMARY KEY, client_secret text NOT NULL, name text NOT NULL,
  redirect_uris jsonb NOT NULL, webhook_url text, webhook_key text NOT NULL,
  webhook_status text NOT NULL DEFAULT 'NONE', intent_result jsonb, event_sequence int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS xero_connections (
  id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES xero_users(id), client_id text NOT NULL,
  tenant_id uuid NOT NULL REFERENCES xero_orgs(id) ON DELETE CASCADE, auth_event_id uuid NOT NULL,
  created_ms bigint NOT NULL, updated_ms bigint NOT NULL, UNIQUE (user_id, client_id, tenant_id));
CREATE TABLE IF NOT EXISTS xero_grants (
  grant_id text PRIMARY KEY, user_id uuid NOT NULL, client_id text NOT NULL,
  auth_event_id uuid NOT NULL, global_session_id uuid NOT NULL, created_ms bigint NOT NULL);
CREATE TABLE IF NOT EXISTS xero_oidc (
  model text NOT NULL, id text NOT NULL, payload jsonb NOT NULL, grant_id text, uid text,
  expires_at timestamptz, sandbox_created_ms bigint NOT NULL, sandbox_consumed_ms bigint,
  PRIMARY KEY (model, id));
CREATE INDEX IF NOT EXISTS xero_oidc_grant ON xero_oidc (grant_id);
CREATE TABLE IF NOT EXISTS xero_access_tokens (
  jti text PRIMARY KEY, grant_id text NOT NULL, sandbox_expires_ms bigint NOT NULL);
CREATE TABLE IF NOT EXISTS xero_keys (id int PRIMARY KEY, jwks jsonb NOT NULL, cookie_keys jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS xero_idempotency (
  client_id text NOT NULL, tenant_id uuid NOT NULL, key text NOT NULL, request_hash text NOT NULL,
  status int, headers jsonb, body text, created_ms bigint NOT NULL, PRIMARY KEY (client_id, tenant_id, key));
CREATE TABLE IF NOT EXISTS xero_webhook_events (
  id bigserial PRIMARY KEY, client_id text NOT NULL, event jsonb NOT NULL, created_ms bigint NOT NULL,
  delivery_id bigint);
CREATE TABLE IF NOT EXISTS xero_webhook_deliveries (
  id bigserial PRIMARY KEY, client_id text NOT NULL, body text NOT NULL, status text NOT NULL,
  attempts int NOT NULL DEFAULT 0, next_attempt_ms bigint NOT NULL, first_attempt_ms bigint,
  last_result text);
-- Added columns (idempotent for databases made by earlier versions).
-- ALTER TABLE … ADD COLUMN IF NOT EXISTS takes an exclusive lock even when the column exists, and
-- another sandbox process's requests on these tables then deadlock with it: only alter when missing.
CREATE OR REPLACE FUNCTION lb_sandbox_add_column(p_table text, p_column text, p_definition text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = p_table AND column_name = p_column) THEN
    EXECUTE format('ALTER TABLE %I ADD COLUMN %I %s', p_table, p_column, p_definition);
  END IF;
END $fn$;
SELECT lb_sandbox_add_column('xero_apps', 'app_type', $$text NOT NULL DEFAULT 'web'$$);
-- Where the App Store listing's "Get this app" sends a person ("Sign up with Xero").
SELECT lb_sandbox_add_column('xero_apps', 'signup_url', $$text$$);
-- Which sandbox (by public URL) queued an event: only it delivers it, on its own clock.
SELECT lb_sandbox_add_column('xero_webhook_events', 'origin', $$text NOT NULL DEFAULT ''$$);
SELECT lb_sandbox_add_column('xero_webhook_deliveries', 'origin', $$text NOT NULL DEFAULT ''$$);
-- Test switches of an organisation (control API), kept out of the Organisation document Xero answers.
SELECT lb_sandbox_add_column('xero_orgs', 'sandbox_settings', $$jsonb NOT NULL DEFAULT '{}'::jsonb$$);
-- A new value with every committed entity write: which kept collections are current (org-collections-cache.ts).
SELECT lb_sandbox_add_column('xero_orgs', 'entity_rev', $$text$$);
`;
