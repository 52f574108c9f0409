import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { assertRecentAuth } from '../auth/recent-auth.guard';

/**
 * Whether the member signed in with Xero within the re-authentication window. For routes where
 * only some requests need it (switching on a writing flow, a bulk replay): the service decides.
 */
export const RecentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): boolean => {
  try {
    assertRecentAuth(ctx.switchToHttp().getRequest<Request>());
    return true;
  } catch {
    return false;
  }
});
