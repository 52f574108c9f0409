import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { RequestOrigin } from '#lb/accounts';

export function originOf(req: Request): RequestOrigin {
  return { ip: req.ip ?? null, userAgent: req.header('user-agent') ?? null };
}

/** Where the request came from (behind the proxy: `trust proxy` is set), for audit entries. */
export const Origin = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestOrigin =>
  originOf(ctx.switchToHttp().getRequest()),
);
