import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { toDataURL } from 'qrcode';
import { StaffService } from '#lb/accounts';
import { Public, StaffOnly } from '#lb/access';
import { destroy, ensureCsrfToken, regenerate, save } from '../auth/session/session-ops';
import { SignInThrottle } from './sign-in-throttle';
import { StaffLoginDto, StaffTotpDto } from './staff.dto';
import { StaffEnrolmentResponse } from './support.responses';

const locked = () =>
  new HttpException(
    {
      statusCode: 423,
      error: 'Locked',
      message: 'This account is locked after repeated failed sign-ins; ask an administrator to unlock it',
    },
    HttpStatus.LOCKED,
  );

const addressOf = (req: Request) => req.ip ?? 'unknown';

/**
 * Staff sign in with their own account: password, then a TOTP code (enrolled with a QR code at the
 * first sign-in); never via a tenant's Xero login. Both steps are throttled per account and address.
 */
@ApiTags('staff')
@Controller('staff')
export class StaffAuthController {
  constructor(
    private readonly staff: StaffService,
    private readonly throttle: SignInThrottle,
  ) {}

  @Post('login')
  @HttpCode(204)
  @Public('staff sign-in, step 1 of 2 (password); grants nothing until the TOTP step')
  async login(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() body: StaffLoginDto,
  ): Promise<void> {
    const attempt = await this.throttle.take(body.email, addressOf(req), res);
    const check = await this.staff.checkPassword(body.email, body.password);
    if (check.outcome === 'locked') throw locked();
    if (check.outcome === 'wrong') throw new UnauthorizedException('Email or password is wrong');
    await attempt.succeeded();
    const { staff } = check;
    await regenerate(req);
    req.session.staff = {
      staffId: staff.id,
      email: staff.email,
      passwordAt: Date.now(),
      enrolling: staff.totpCiphertext === null,
    };
    ensureCsrfToken(req);
    await save(req);
  }

  /** At the first sign-in: the authenticator secret to scan; it counts only once a code confirms it. */
  @Get('login/enrolment')
  @ApiOkResponse({ type: StaffEnrolmentResponse })
  @Public('staff sign-in: the QR code to enrol an authenticator; only after the password step, only without a factor')
  async enrolment(@Req() req: Request): Promise<StaffEnrolmentResponse> {
    const pending = req.session.staff;
    if (!pending || pending.mfaAt) throw new UnauthorizedException('Sign in with your password first');
    const offer = await this.staff.enrolment(pending.staffId);
    if (offer === 'locked') throw locked();
    if (offer === 'enrolled') throw new ConflictException('An authenticator is already enrolled for this account');
    const { otpauthUri } = offer;
    return { otpauthUri, qrCodeDataUrl: await toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2 }) };
  }

  @Post('login/totp')
  @HttpCode(204)
  @Public('staff sign-in, step 2 of 2 (TOTP); only after the password step in the same session')
  async totp(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() body: StaffTotpDto,
  ): Promise<void> {
    const pending = req.session.staff;
    if (!pending) throw new UnauthorizedException('Sign in with your password first');
    const attempt = await this.throttle.take(pending.email, addressOf(req), res);
    const outcome = await this.staff.checkTotp(pending.staffId, body.code);
    if (outcome === 'locked') throw locked();
    if (outcome === 'wrong') throw new UnauthorizedException('That code is not valid');
    await attempt.succeeded();
    const staff = { staffId: pending.staffId, email: pending.email, passwordAt: pending.passwordAt, mfaAt: Date.now() };
    await regenerate(req);
    req.session.staff = staff;
    ensureCsrfToken(req);
    await save(req);
  }

  @Post('logout')
  @HttpCode(204)
  @StaffOnly()
  logout(@Req() req: Request): Promise<void> {
    return destroy(req);
  }
}
