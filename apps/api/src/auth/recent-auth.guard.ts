import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { Request } from 'express';
import { REAUTH_WINDOW_MS } from './session/session-policy';
import './session/session-data';

/** Throws `reauth_required` unless the session signed in with Xero within the window. */
export function assertRecentAuth(req: Request): void {
  const at = req.session?.reauthAt ?? 0;
  if (Date.now() - at > REAUTH_WINDOW_MS) {
    throw new UnauthorizedException({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Confirm it is you: sign in with Xero again to make this change',
      code: 'reauth_required',
    });
  }
}

/**
 * Sensitive changes (disconnects, role changes, credential rotation, inviting an owner or admin,
 * revealing an invitation link) need a fresh Sign in with Xero.
 */
@Injectable()
export class RecentAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    assertRecentAuth(context.switchToHttp().getRequest<Request>());
    return true;
  }
}

export const RequiresRecentAuth = () => applyDecorators(UseGuards(RecentAuthGuard));
