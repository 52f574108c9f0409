import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { Request } from 'express';
import { ROUTE_ACCESS, RouteAccess } from '#lb/access';
import { matchesPreSessionToken } from './session/pre-session-csrf';
import './session/session-data';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Every state-changing request must echo the session's CSRF token in a header (a cross-site form
 * cannot set headers). Signature-authenticated routes (webhooks) carry no session and are exempt.
 * Runs after the access guard, so an anonymous call still answers 401 first.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE.has(req.method)) return true;
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access?.kind === 'signature') return true;
    const expected = req.session?.csrfToken;
    const given = req.header(CSRF_HEADER);
    // Before sign-in there is no session: the token then lives in its own cookie (double submit).
    const valid = expected
      ? given?.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected))
      : given !== undefined && matchesPreSessionToken(req, given);
    if (!valid) {
      throw new ForbiddenException('Missing or wrong CSRF token: reload the page and try again');
    }
    return true;
  }
}
