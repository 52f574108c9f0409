import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Params, requestParams } from '../core/params';
import { StripeAccount } from '../db/stripe-store';
import type { StripeRequest } from './stripe-gate.middleware';

/** The account the request's API key belongs to (set by StripeGateMiddleware). */
export const Account = createParamDecorator((_: unknown, ctx: ExecutionContext): StripeAccount => {
  const account = ctx.switchToHttp().getRequest<StripeRequest>().stripeAccount;
  if (!account) throw new Error('StripeGateMiddleware did not run');
  return account;
});

/** The request's Stripe parameters: form body for POST, bracketed query string for GET and DELETE. */
export const StripeParams = createParamDecorator((_: unknown, ctx: ExecutionContext): Params =>
  requestParams(ctx.switchToHttp().getRequest()),
);
