import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { XeroHttpError } from '../core/xero-errors';
import { shown, text } from '../core/json';
import { PreRegisteredApp } from '../xero-settings';

export interface XeroApp {
  client_id: string;
  client_secret: string;
  /** 'web': confidential client (secret); 'pkce': Xero's "Auth Code with PKCE" app, a public client. */
  app_type: 'web' | 'pkce';
  name: string;
  redirect_uris: string[];
  webhook_url: string | null;
  /** The app's sign-up URL: the App Store listing's "Get this app" link. */
  signup_url: string | null;
  webhook_key: string;
  webhook_status: string;
  intent_result: unknown;
}

export interface AppInput {
  name?: string;
  appType?: 'web' | 'pkce';
  redirectUris?: string[];
  webhookUrl?: string | null;
  signUpUrl?: string | null;
}

function checkRedirects(uris: unknown): string[] {
  if (!Array.isArray(uris) || uris.length === 0 || uris.length > 50) {
    throw new XeroHttpError(400, { error: 'invalid_request', error_description: 'redirectUris: 1 to 50 URIs' });
  }
  return (uris as unknown[]).map(checkUrl);
}

/** https, or http on loopback only; no wildcards. */
function checkUrl(value: unknown): string {
  const uri = text(value) ?? '';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new XeroHttpError(400, { error: 'invalid_request', error_description: `not a URL: ${shown(value)}` });
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new XeroHttpError(400, {
      error: 'invalid_request',
      error_description: 'redirect URIs must be https (http only for localhost)',
    });
  }
  if (uri.includes('*'))
    throw new XeroHttpError(400, { error: 'invalid_request', error_description: 'wildcards are not allowed' });
  return uri;
}

const checkSignUp = (value: unknown): string | null => (value === undefined || value === null ? null : checkUrl(value));

/** Developer-portal apps: client credentials, redirect URIs, webhook URL and key. */
@Injectable()
export class AppRegistry {
  constructor(private readonly db: SandboxDatabase) {}

  async register(input: AppInput): Promise<XeroApp> {
    const clientId = randomBytes(16).toString('hex').toUpperCase();
    const secret = randomBytes(36).toString('base64url');
    const key = randomBytes(64).toString('base64');
    await this.db.query(
      `INSERT INTO xero_apps (client_id, client_secret, name, redirect_uris, webhook_url, webhook_key, webhook_status, app_type, signup_url)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        clientId,
        secret,
        input.name ?? 'Sandbox app',
        JSON.stringify(checkRedirects(input.redirectUris)),
        input.webhookUrl ?? null,
        key,
        input.webhookUrl ? 'PENDING' : 'NONE',
        input.appType === 'pkce' ? 'pkce' : 'web',
        checkSignUp(input.signUpUrl),
      ],
    );
    return (await this.find(clientId))!;
  }

  /** Apps from SANDBOX_XERO_APPS; their webhooks are taken as verified. */
  async preRegister(apps: PreRegisteredApp[]): Promise<void> {
    for (const app of apps) {
      await this.db.query(
        `INSERT INTO xero_apps (client_id, client_secret, name, redirect_uris, webhook_url, webhook_key, webhook_status, signup_url)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
         ON CONFLICT (client_id) DO UPDATE SET client_secret = EXCLUDED.client_secret, name = EXCLUDED.name,
           redirect_uris = EXCLUDED.redirect_uris, webhook_url = EXCLUDED.webhook_url, webhook_key = EXCLUDED.webhook_key,
           webhook_status = EXCLUDED.webhook_status, signup_url = EXCLUDED.signup_url`,
        [
          app.clientId,
          app.clientSecret,
          app.name ?? app.clientId,
          JSON.stringify(app.redirectUris),
          app.webhookUrl ?? null,
          app.webhookKey ?? randomBytes(64).toString('base64'),
          app.webhookUrl ? 'OK' : 'NONE',
          checkSignUp(app.signUpUrl),
        ],
      );
    }
  }

  async find(clientId: string): Promise<XeroApp | undefined> {
    const rows = await this.db.query<XeroApp>('SELECT * FROM xero_apps WHERE client_id = $1', [clientId]);
    return rows[0];
  }

  async authenticate(authorization: string | undefined, clientId: string): Promise<XeroApp> {
    const match = /^Basic (.+)$/i.exec(authorization ?? '');
    const [id, secret] = match ? Buffer.from(match[1], 'base64').toString().split(':') : [];
    const app = id === clientId ? await this.find(clientId) : undefined;
    const ok =
      app &&
      secret !== undefined &&
      secret.length === app.client_secret.length &&
      timingSafeEqual(Buffer.from(secret), Buffer.from(app.client_secret));
    if (!ok)
      throw new XeroHttpError(401, { error: 'invalid_client' }, { 'WWW-Authenticate': 'Basic realm="xero-developer"' });
    return app;
  }

  async update(clientId: string, input: AppInput): Promise<XeroApp> {
    const app = (await this.find(clientId))!;
    const redirects = input.redirectUris ? checkRedirects(input.redirectUris) : app.redirect_uris;
    const urlChanged = input.webhookUrl !== undefined && input.webhookUrl !== app.webhook_url;
    await this.db.query(
      'UPDATE xero_apps SET name = $2, redirect_uris = $3, webhook_url = $4, webhook_status = $5, signup_url = $6 WHERE client_id = $1',
      [
        clientId,
        input.name ?? app.name,
        JSON.stringify(redirects),
        urlChanged ? input.webhookUrl : app.webhook_url,
        urlChanged ? (input.webhookUrl ? 'PENDING' : 'NONE') : app.webhook_status,
        input.signUpUrl !== undefined ? checkSignUp(input.signUpUrl) : app.signup_url,
      ],
    );
    return (await this.find(clientId))!;
  }

  async recordIntent(clientId: string, ok: boolean, result: unknown): Promise<void> {
    await this.db.query('UPDATE xero_apps SET webhook_status = $2, intent_result = $3 WHERE client_id = $1', [
      clientId,
      ok ? 'OK' : 'INTENT_FAILED',
      JSON.stringify(result),
    ]);
  }
}

export function publicView(app: XeroApp, withSecrets: boolean): Record<string, unknown> {
  return {
    clientId: app.client_id,
    ...(withSecrets ? { clientSecret: app.client_secret, webhookKey: app.webhook_key } : {}),
    name: app.name,
    appType: app.app_type,
    redirectUris: app.redirect_uris,
    webhookUrl: app.webhook_url,
    signUpUrl: app.signup_url,
    webhookStatus: app.webhook_status,
    intentToReceive: app.intent_result ?? null,
  };
}
