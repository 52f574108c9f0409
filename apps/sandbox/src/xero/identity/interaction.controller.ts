import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppRegistry } from '../apps/app-registry';
import { OrganisationsService } from '../orgs/organisations.service';
import { XeroUsers } from '../orgs/users';
import { ConnectionsService } from './connections.service';
import { InteractionErrorFilter } from './interaction-error.filter';
import { IdentityServer } from './identity-server';
import { resourceAudience, userIdFromSub } from './oidc-provider.factory';
import { consentPage, loginPage } from './pages';
import { API_SCOPES, OIDC_SCOPES } from './scopes';
import { recordOf, text } from '../core/json';

function scopesOf(value: unknown): string[] {
  return (text(value) ?? '').split(' ');
}

/** Like Xero: only a request for API scopes shares organisations; Sign in with Xero alone shares none. */
const asksForOrgs = (scopes: string[]) => scopes.some((s) => API_SCOPES.includes(s));

/** Login and consent (organisation picker) pages for oidc-provider's interactions. */
@Controller('identity/interaction')
@UseFilters(InteractionErrorFilter)
export class InteractionController {
  constructor(
    private readonly identity: IdentityServer,
    private readonly users: XeroUsers,
    private readonly orgs: OrganisationsService,
    private readonly apps: AppRegistry,
    private readonly connections: ConnectionsService,
  ) {}

  @Get(':uid')
  async show(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const details = await this.identity.provider.interactionDetails(req, res);
    const app = await this.apps.find(String(details.params.client_id));
    res.type('html');
    if (details.prompt.name === 'login') {
      res.send(loginPage(uid, app?.name ?? 'An app'));
      return;
    }
    const userId = userIdFromSub(String(details.session?.accountId));
    const scopes = scopesOf(details.params.scope);
    res.send(
      consentPage(uid, app?.name ?? 'An app', scopes, asksForOrgs(scopes) ? await this.orgs.orgsOfUser(userId) : null),
    );
  }

  @Post(':uid/login')
  async login(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const details = await this.identity.provider.interactionDetails(req, res);
    const form = recordOf(req.body) ?? {};
    const email = text(form.email) ?? '';
    const user = await this.users.verify(email, text(form.password) ?? '');
    if (!user) {
      const app = await this.apps.find(String(details.params.client_id));
      res
        .status(401)
        .type('html')
        .send(loginPage(uid, app?.name ?? 'An app', 'Your email or password is incorrect.', email));
      return;
    }
    await this.identity.provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.id.replace(/-/g, '') } },
      { mergeWithLastSubmission: false },
    );
  }

  @Post(':uid/consent')
  async consent(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const provider = this.identity.provider;
    const details = await provider.interactionDetails(req, res);
    const form = recordOf(req.body) ?? {};
    if (form.decision === 'deny') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user cancelled the authorisation' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const accountId = String(details.session?.accountId);
    const userId = userIdFromSub(accountId);
    const clientId = String(details.params.client_id);
    const picked = (Array.isArray(form.tenantIds) ? (form.tenantIds as unknown[]) : [form.tenantIds])
      .map(text)
      .filter((id) => id !== undefined);
    const requested = scopesOf(details.params.scope);
    const mine = new Set((await this.orgs.orgsOfUser(userId)).map((o) => o.id));
    // An identity-only consent connects nothing, whatever the form posted.
    const tenantIds = asksForOrgs(requested) ? picked.filter((id) => mine.has(id)) : [];
    if (asksForOrgs(requested) && tenantIds.length === 0) {
      const app = await this.apps.find(clientId);
      res
        .status(400)
        .type('html')
        .send(
          consentPage(
            uid,
            app?.name ?? 'An app',
            scopesOf(details.params.scope),
            await this.orgs.orgsOfUser(userId),
            'Choose at least one organisation.',
          ),
        );
      return;
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId });
    // The API scopes are also provider-level scopes, so the grant records them on both sides.
    grant!.addOIDCScope(requested.filter((s) => OIDC_SCOPES.includes(s) || API_SCOPES.includes(s)).join(' '));
    const apiScopes = requested.filter((s) => API_SCOPES.includes(s));
    if (apiScopes.length) grant!.addResourceScope(resourceAudience(this.identity.issuer), apiScopes.join(' '));
    const grantId = await grant!.save();
    await this.connections.recordConsent(grantId, userId, clientId, tenantIds);
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
}
