import { createHash, randomBytes } from 'node:crypto';
import { Controller, Get, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { AuditTrail } from '#lb/accounts';
import { AdminOnly, Public } from '#lb/access';
import { TenantTransactions } from '#lb/database';
import { XERO_CONNECTOR, XeroConnector, XeroOrganisationTakenError } from '#lb/connectors/xero';
import { ConnectErrorCode } from '../auth/redirect-errors';
import { originOf } from '../auth/request-origin';
import { safeReturnTo, save } from '../auth/session/session-ops';

/**
 * Connect Xero: consent for the scopes the roadmap needs (XERO_SCOPES), then the code exchange,
 * which stores the grant and one connection per organisation. State and PKCE live in the session.
 */
@ApiTags('connections')
@Controller('xero')
export class XeroConnectController {
  private readonly logger = new Logger(XeroConnectController.name);

  constructor(
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    private readonly tx: TenantTransactions,
    private readonly audit: AuditTrail,
  ) {}

  @Get('connect')
  @AdminOnly()
  async connect(@Req() req: Request, @Res() res: Response, @Query('returnTo') returnTo?: string): Promise<void> {
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(24).toString('base64url');
    req.session.xeroConnect = { state, verifier, returnTo: safeReturnTo(returnTo) ?? '/settings/connections' };
    await save(req);
    const url = await this.xero.identity.consentUrl({
      redirectUri: this.xero.settings.redirectUri,
      scopes: this.xero.settings.scopes,
      state,
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    });
    res.redirect(303, url);
  }

  @Get('callback')
  @Public('Xero redirects back here after consent; state and PKCE are checked against the session')
  async callback(
    @Req() req: Request,
    @Res() res: Response,
    @Query('code') code?: string,
    @Query('state') state?: string,
    @Query('error') error?: string,
  ): Promise<void> {
    const pending = req.session.xeroConnect;
    delete req.session.xeroConnect;
    // Codes and counts only, never text: the SPA words them (redirect-errors.ts).
    const back = (params: { error: ConnectErrorCode } | { connected: string; refused?: string }) =>
      `${pending?.returnTo ?? '/settings/connections'}?${new URLSearchParams(params)}`;
    const member = req.principal?.kind === 'member' ? req.principal : undefined;
    if (!pending || !member || !state || state !== pending.state) {
      await save(req);
      return res.redirect(303, back({ error: 'connect_expired' }));
    }
    if (error || !code)
      return res.redirect(303, back({ error: error === 'access_denied' ? 'access_denied' : 'xero_error' }));
    try {
      // The whole query (code, state, and iss where sent): openid-client checks them all.
      const result = await this.xero.grants.completeAuthorisation(member.tenantId, member.userId, {
        params: new URL(req.originalUrl, 'http://callback.invalid').searchParams,
        expectedState: pending.state,
        codeVerifier: pending.verifier,
      });
      await this.tx.run(member.tenantId, async (m) => {
        for (const c of result.connections) {
          await this.audit.record(m, member.tenantId, {
            actor: { kind: 'user', id: member.userId },
            action: 'connection.xero_connected',
            targetType: 'xero_connection',
            targetId: c.id,
            details: { organisation: c.tenantName, xeroTenantId: c.xeroTenantId },
            origin: originOf(req),
          });
        }
      });
      const params: { connected: string; refused?: string } = { connected: String(result.connections.length) };
      if (result.refused.length) params.refused = String(result.refused.length);
      await save(req);
      res.redirect(303, back(params));
    } catch (e) {
      await save(req);
      if (!(e instanceof XeroOrganisationTakenError))
        this.logger.warn(`connecting Xero failed: ${(e as Error).message}`);
      res.redirect(
        303,
        back({ error: e instanceof XeroOrganisationTakenError ? 'organisation_taken' : 'connect_failed' }),
      );
    }
  }
}
