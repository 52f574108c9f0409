import { Body, Controller, HttpCode, Post, Req, UnauthorizedException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { StaffService } from '#lb/accounts';
import { Public, StaffOnly } from '#lb/access';
import { destroy, ensureCsrfToken, regenerate, save } from '../auth/session/session-ops';
import { StaffLoginDto, StaffTotpDto } from './staff.dto';

/** Staff sign in with their own account: password, then a TOTP code; never via a tenant's Xero login. */
@ApiTags('staff')
@Controller('staff')
export class StaffAuthController {
  constructor(private readonly staff: StaffService) {}

  @Post('login')
  @HttpCode(204)
  @Public('staff sign-in, step 1 of 2 (password); grants nothing until the TOTP step')
  async login(@Req() req: Request, @Body() body: StaffLoginDto): Promise<void> {
    const found = await this.staff.checkPassword(body.email, body.password);
    if (!found) throw new UnauthorizedException('Email or password is wrong');
    await regenerate(req);
    req.session.staff = { staffId: found.id, email: found.email, passwordAt: Date.now() };
    ensureCsrfToken(req);
    await save(req);
  }

  @Post('login/totp')
  @HttpCode(204)
  @Public('staff sign-in, step 2 of 2 (TOTP); only after the password step in the same session')
  async totp(@Req() req: Request, @Body() body: StaffTotpDto): Promise<void> {
    const pending = req.session.staff;
    if (!pending) throw new UnauthorizedException('Sign in with your password first');
    if (!(await this.staff.checkTotp(pending.staffId, body.code)))
      throw new UnauthorizedException('That code is not valid');
    const staff = { ...pending, mfaAt: Date.now() };
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
