import {
  BadGatewayException,
  ConflictException,
  HttpException,
  HttpStatus,
  ServiceUnavailableException,
} from '@nestjs/common';
import { EntitlementError, StripeUnavailableError } from '#lb/billing';

export class BillingConflictError extends Error {}

/** A plan limit, said plainly: 402 with code plan_limit and a message naming the plan and the limit. */
export function planLimitException(e: EntitlementError): HttpException {
  return new HttpException(
    { statusCode: 402, error: 'Payment Required', message: e.message, code: 'plan_limit' },
    HttpStatus.PAYMENT_REQUIRED,
  );
}

/** Billing's errors as HTTP answers: Stripe down 503, Stripe refusing 502 (exposed: written for the user). */
export async function billingAnswered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof EntitlementError) throw planLimitException(error);
    if (error instanceof BillingConflictError) throw new ConflictException(error.message);
    if (error instanceof StripeUnavailableError) {
      const body = {
        message: error.message,
        code: error.refused ? 'stripe_refused' : 'stripe_unavailable',
        expose: true,
      };
      throw error.refused ? new BadGatewayException(body) : new ServiceUnavailableException(body);
    }
    throw error;
  }
}
