import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ReportingCaller, ReportingKeys } from '#lb/reporting';

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
 */
@Injectable()
export class ReportingKeyGuard implements CanActivate {
  constructor(private readonly keys: ReportingKeys) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ReportingRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    res.removeHeader('Set-Cookie');
    res.setHeader('Cache-Control', 'no-store');
    const caller = await this.keys.authenticate(bearerOf(req));
    if (!caller) throw new UnauthorizedException('Wrong, revoked or missing reporting key');
    req.reportingCaller = caller;
    return true;
  }
}
