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

/** Sensitive changes (disconnects, role changes) need a fresh Sign in with Xero. */
@Injectable()
export class RecentAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const at = req.session?.reauthAt ?? 0;
    if (Date.now() - at > REAUTH_WINDOW_MS) {
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Confirm it is you: sign in with Xero again to make this change',
        code: 'reauth_required',
      });
    }
    return true;
  }
}

export const RequiresRecentAuth = () => applyDecorators(UseGuards(RecentAuthGuard));
