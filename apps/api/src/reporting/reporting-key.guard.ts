import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ReportingCaller, ReportingKeys } from '#lb/reporting';
import { ReportingThrottle } from './reporting-throttle';
import { REPORTING_THROTTLE } from './reporting.tokens';

/** The request of a BI tool, once its reporting key is checked. */
export interface ReportingRequest extends Request {
  reportingCaller?: ReportingCaller;
}

/** "Authorization: Bearer <key>", nothing else. */
function bearerOf(req: Request): string | undefined {
  return /^Bearer (\S{1,200})$/.exec(req.header('authorization') ?? '')?.[1];
}

/**
 * Checks the reporting key before anything reads the request (so a caller without a key learns
 * nothing from validation errors), and never answers with a session cookie or a cacheable body.
 * Rate limits: per address before the key is looked up, per key after.
 */
@Injectable()
export class ReportingKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ReportingKeys,
    @Inject(REPORTING_THROTTLE) private readonly throttle: ReportingThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ReportingRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    res.removeHeader('Set-Cookie');
    res.setHeader('Cache-Control', 'no-store');
    await this.throttle.takeForAddress(req.ip ?? 'unknown', res);
    const caller = await this.keys.authenticate(bearerOf(req));
    if (!caller) throw new UnauthorizedException('Wrong, revoked or missing reporting key');
    await this.throttle.takeForKey(caller.keyId, res);
    req.reportingCaller = caller;
    return true;
  }
}
