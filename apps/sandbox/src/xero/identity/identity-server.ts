import { Inject, Injectable } from '@nestjs/common';
import type { Express, NextFunction, Request, Response } from 'express';
import { SandboxDatabase } from '../../db/sandbox-database';
import { AppRegistry } from '../apps/app-registry';
import { SandboxClock } from '../core/sandbox-clock';
import { XeroHttpError } from '../core/xero-errors';
import { XeroUsers } from '../orgs/users';
import { XERO_CONFIG } from '../xero-tokens';
import { XeroConfig } from '../xero-settings';
import { AccessTokenVerifier, Caller } from './access-token-verifier';
import { ConnectionsService } from './connections.service';
import { buildProvider, resourceAudience } from './oidc-provider.factory';
import { loadOrCreateKeys } from './oidc-keys';
import { OidcProvider } from './oidc-types';

/** The identity.xero.com stand-in: an oidc-provider mounted at /identity, plus token checks for the API. */
@Injectable()
export class IdentityServer {
  provider!: OidcProvider;
  private verifier!: AccessTokenVerifier;

  constructor(
    @Inject(XERO_CONFIG) private readonly config: XeroConfig,
    private readonly db: SandboxDatabase,
    @Inject(SandboxClock) private readonly clock: SandboxClock,
    private readonly apps: AppRegistry,
    private readonly users: XeroUsers,
    private readonly connections: ConnectionsService,
  ) {}

  get issuer(): string {
    return `${this.config.publicUrl}/identity`;
  }

  async start(app: Express): Promise<void> {
    const keys = await loadOrCreateKeys(this.db);
    this.provider = buildProvider({
      issuer: this.issuer,
      db: this.db,
      clock: this.clock,
      apps: this.apps,
      users: this.users,
      connections: this.connections,
      keys,
    });
    this.verifier = new AccessTokenVerifier(
      keys,
      this.issuer,
      resourceAudience(this.issuer),
      this.db,
      this.clock,
      this.connections,
    );
    app.use('/identity', (req: Request, res: Response, next: NextFunction) => void this.beforeProvider(req, res, next));
    app.use('/identity', this.provider.callback());
  }

  verify(authorization: string | undefined): Promise<Caller> {
    return this.verifier.verify(authorization);
  }

  /**
   * Xero behaviours oidc-provider does not have: offline_access without prompt=consent (Xero
   * always shows consent, so the prompt is implied), the client secret accepted in the body as
   * well as in Basic auth, and userinfo accepting the API's JWT access token (oidc-provider
   * refuses resource-bound tokens there).
   */
  private async beforeProvider(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      if (req.path === '/connect/authorize' && req.method === 'GET') {
        const url = new URL(req.url, 'http://x');
        if (
          (url.searchParams.get('scope') ?? '').split(' ').includes('offline_access') &&
          !url.searchParams.get('prompt')
        ) {
          url.searchParams.set('prompt', 'consent');
          req.url = `${url.pathname}${url.search}`;
        }
      }
      // Xero accepts the client secret in the body too; oidc-provider allows one method per client.
      const body = req.body as Record<string, string> | undefined;
      if (
        ['/connect/token', '/connect/revocation'].includes(req.path) &&
        body?.client_secret &&
        body.client_id &&
        !req.headers.authorization
      ) {
        const enc = (v: string) => encodeURIComponent(v);
        req.headers.authorization = `Basic ${Buffer.from(`${enc(body.client_id)}:${enc(body.client_secret)}`).toString('base64')}`;
        delete body.client_secret;
        delete body.client_id;
      }
      if (req.path === '/connect/userinfo' && (req.method === 'GET' || req.method === 'POST')) {
        const caller = await this.verify(req.headers.authorization);
        const user = await this.users.byId(caller.userId);
        const grant = await this.connections.grant(caller.grantId);
        res.json({
          sub: caller.userId.replace(/-/g, ''),
          xero_userid: caller.userId,
          email: user?.email,
          given_name: user?.given_name,
          family_name: user?.family_name,
          preferred_username: user?.email,
          global_session_id: grant?.global_session_id,
        });
        return;
      }
      next();
    } catch (error) {
      if (error instanceof XeroHttpError) {
        res
          .status(error.status)
          .set('WWW-Authenticate', 'Bearer error="invalid_token"')
          .json({ error: 'invalid_token' });
        return;
      }
      next(error);
    }
  }
}
