import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SandboxDatabase } from '../../db/sandbox-database';
import { AppRegistry } from '../apps/app-registry';
import { SandboxClock } from '../core/sandbox-clock';
import { XeroHttpError, forbidden, unauthorized } from '../core/xero-errors';
import { ConnectionsService } from '../identity/connections.service';
import { IdentityServer } from '../identity/identity-server';
import { scopesFor } from '../identity/scopes';
import { XERO_SETTINGS } from '../xero-tokens';
import { XeroSettings } from '../xero-settings';
import { CallLog } from './call-log';
import { FaultInjector } from './fault-injector';
import { idempotencyGate } from './idempotency';
import { RateLimiter } from './rate-limiter';
import { XeroRequestContext } from './xero-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Everything in front of the Accounting API, in Xero's order: token, tenant, scope, rate limits
 * (headers on every response), injected faults, then Idempotency-Key replay.
 */
@Injectable()
export class ApiGateMiddleware implements NestMiddleware {
  constructor(
    private readonly identity: IdentityServer,
    private readonly connections: ConnectionsService,
    private readonly apps: AppRegistry,
    private readonly limiter: RateLimiter,
    private readonly faults: FaultInjector,
    private readonly calls: CallLog,
    private readonly db: SandboxDatabase,
    @Inject(SandboxClock) private readonly clock: SandboxClock,
    @Inject(XERO_SETTINGS) private readonly settings: XeroSettings,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      // Xero answers XML unless JSON is asked for; the sandbox speaks JSON only, so a client that
      // forgets `Accept: application/json` hears about it here rather than in production.
      if (!/application\/json/i.test(req.header('accept') ?? '')) {
        res
          .status(406)
          .type('application/xml')
          .send(
            '<ApiException><ErrorNumber>0</ErrorNumber><Type>NotAcceptable</Type><Message>Send Accept: application/json; Xero would answer XML.</Message></ApiException>',
          );
        return;
      }
      const caller = await this.identity.verify(req.headers.authorization);
      const tenantId = req.header('xero-tenant-id') ?? '';
      if (
        !UUID.test(tenantId) ||
        !(await this.connections.isConnected(caller.userId, caller.clientId, tenantId.toLowerCase()))
      ) {
        // With no connection left at all (revoked, or disconnected in Xero) the token is dead: 401.
        const any = await this.connections.list(caller.userId, caller.clientId);
        if (any.length === 0) throw unauthorized('AuthenticationUnsuccessful');
        throw forbidden('AuthorizationUnsuccessful');
      }
      const segments = req.path.split('/').filter((seg) => seg && seg !== 'api.xro' && seg !== '2.0');
      const resource = segments[0] ?? '';
      const allowed = scopesFor(resource, req.method !== 'GET', segments[1]);
      if (!caller.scopes.some((s) => allowed.includes(s))) {
        throw new XeroHttpError(
          401,
          { Title: 'Unauthorized', Status: 401, Detail: 'AuthorizationUnsuccessful' },
          { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' },
        );
      }
      const admission = this.limiter.admit(caller.clientId, tenantId.toLowerCase());
      const logged = this.calls.record(tenantId.toLowerCase(), caller.clientId, this.clock.now(), admission.problem);
      res.set(admission.headers);
      if (!admission.ok) {
        res.set({ 'Retry-After': String(admission.retryAfterSeconds), 'X-Rate-Limit-Problem': admission.problem! });
        res
          .status(429)
          .json({ Title: 'Too Many Requests', Status: 429, Detail: `Rate limit exceeded: ${admission.problem}` });
        return;
      }
      res.on('close', () => {
        admission.release();
        logged(this.clock.now(), res.statusCode);
      });
      if (await this.injectFault(tenantId.toLowerCase(), req, res)) return;
      const app = await this.apps.find(caller.clientId);
      const ctx: XeroRequestContext = {
        caller,
        tenantId: tenantId.toLowerCase(),
        providerName: app?.name ?? 'Sandbox app',
      };
      res.locals.xero = ctx;
      if (
        await idempotencyGate(
          this.db,
          req,
          res,
          caller.clientId,
          ctx.tenantId,
          this.clock.now(),
          this.settings.idempotencyTtlSeconds,
        )
      )
        return;
      next();
    } catch (error) {
      if (error instanceof XeroHttpError) {
        res.set(error.headers).status(error.status).json(error.body);
        return;
      }
      next(error);
    }
  }

  /** Returns true when the fault has taken over the response. */
  private async injectFault(tenantId: string, req: Request, res: Response): Promise<boolean> {
    const fault = this.faults.take(tenantId, req.path, req.method);
    if (!fault) return false;
    switch (fault.kind) {
      case 'status500':
        res.status(500).json({
          ErrorNumber: 0,
          Type: 'InternalServerError',
          Message:
            'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.',
        });
        return true;
      case 'status503':
        res.status(503).json({
          Title: 'Service Unavailable',
          Status: 503,
          Detail: 'The Xero API is currently offline for maintenance',
        });
        return true;
      case 'drop':
        req.socket.destroy();
        return true;
      case 'hang': {
        // Never answers; the socket is destroyed after delayMs so nothing leaks forever.
        this.faults.hold(req.socket, fault.delayMs!);
        return true;
      }
      case 'dropAfterWrite':
        // The ambiguous outcome: the request is processed and saved, then the reply is lost.
        res.end = (() => {
          req.socket.destroy();
          return res;
        }) as typeof res.end;
        return false;
      case 'slow':
        await new Promise((r) => setTimeout(r, fault.delayMs));
        return false;
    }
  }
}
