import { Body, Controller, Get, HttpCode, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { InvitationsService } from '#lb/accounts';
import { AnyMember, Public } from '#lb/access';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { AcceptInvitationDto, SwitchTenantDto } from './auth.dto';
import { InvitationAcceptResponse, SessionResponse } from './auth.responses';
import { AuthService, SessionView } from './auth.service';
import { SignInErrorCode } from './redirect-errors';
import { originOf } from './request-origin';
import { destroy, ensureCsrfToken, safeReturnTo, save } from './session/session-ops';
import { SignInMode, XeroSignInFlow } from './xero-sign-in.flow';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly logger = new Logger(AuthController.name);

  constructor(
    private readonly auth: AuthService,
    private readonly flow: XeroSignInFlow,
  ) {}

  @Get('session')
  @ApiOkResponse({ type: SessionResponse })
  @Public('tells the SPA whether anyone is signed in and hands out the CSRF token')
  session(@Req() req: Request): Promise<SessionView> {
    return this.auth.view(req);
  }

  /**
   * `signup=1` is "Sign up with Xero" (the App Store listing's link): one consent asks for the
   * accounting scopes too, and the organisations picked there are connected on return.
   */
  @Get('xero/login')
  @Public('starts Sign in with Xero (OpenID Connect)')
  async login(
    @Req() req: Request,
    @Res() res: Response,
    @Query('returnTo') returnTo?: string,
    @Query('reauth') reauth?: string,
    @Query('signup') signup?: string,
  ): Promise<void> {
    const mode: SignInMode = reauth === '1' ? 'reauth' : signup === '1' ? 'sign-up' : 'sign-in';
    req.session.returnTo = safeReturnTo(returnTo) ?? (mode === 'sign-up' ? '/onboarding' : '/');
    ensureCsrfToken(req);
    await this.flow.begin(req, res, mode);
  }

  @Get('xero/callback')
  @Public('Xero redirects back here; state, nonce and PKCE are checked')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const { identity, exchange } = await this.flow.complete(req, res);
      res.redirect(303, await this.auth.completeSignIn(req, identity, originOf(req), exchange));
    } catch (error) {
      await save(req).catch(() => undefined);
      // A code, not the message: the SPA shows its own text for it (the details stay in the log).
      const code: SignInErrorCode = req.query.error === 'access_denied' ? 'access_denied' : 'sign_in_failed';
      this.logger.warn(`sign-in did not complete (${code}): ${(error as Error).message}`);
      res.redirect(303, `/sign-in?error=${code}`);
    }
  }

  @Post('logout')
  @HttpCode(204)
  @AnyMember()
  logout(@Req() req: Request): Promise<void> {
    return destroy(req);
  }

  @Post('logout-everywhere')
  @HttpCode(204)
  @AnyMember()
  async logoutEverywhere(@CurrentMember() member: Member): Promise<void> {
    await this.auth.signOutEverywhere(member.userId);
  }

  @Post('switch-tenant')
  @HttpCode(204)
  @AnyMember()
  switchTenant(@Req() req: Request, @CurrentMember() member: Member, @Body() body: SwitchTenantDto): Promise<void> {
    return this.auth.switchTenant(req, member.userId, body.tenantId);
  }
}

@ApiTags('auth')
@Controller('invitations')
export class InvitationAcceptController {
  constructor(
    private readonly auth: AuthService,
    private readonly invitations: InvitationsService,
  ) {}

  /** Signed in: joins now. Not yet: keeps the token in the session until Sign in with Xero returns. */
  @Post('accept')
  @ApiCreatedResponse({ type: InvitationAcceptResponse })
  @Public('invitees arrive before they have an account; acceptance itself needs a Xero sign-in')
  async accept(@Req() req: Request, @Body() body: AcceptInvitationDto): Promise<{ joined: boolean; next?: string }> {
    const principal = req.principal;
    if (principal?.kind === 'member') {
      const joined = await this.invitations.accept(body.token, principal.userId, originOf(req));
      await this.auth.switchTenant(req, principal.userId, joined.tenantId);
      return { joined: true };
    }
    req.session.pendingInvitation = body.token;
    await save(req);
    return { joined: false, next: '/api/auth/xero/login' };
  }
}
