import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Caller } from '../identity/access-token-verifier';

export interface XeroRequestContext {
  caller: Caller;
  tenantId: string;
  providerName: string;
}

/** The caller and organisation the API gate established for this request. */
export const XeroCtx = createParamDecorator((_data: unknown, ctx: ExecutionContext): XeroRequestContext => {
  return ctx.switchToHttp().getResponse<Response>().locals.xero as XeroRequestContext;
});

/** The Accounting API resource named by the path (the segment after /api.xro/2.0). */
export const ResourceName = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const path = ctx.switchToHttp().getRequest<Request>().path;
  const parts = path.split('/').filter(Boolean);
  return parts[parts.indexOf('2.0') + 1];
});
