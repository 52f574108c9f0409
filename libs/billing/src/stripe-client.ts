import Stripe from 'stripe';
import type { AppConfig } from '#lb/config';

export const STRIPE_CLIENT = Symbol('STRIPE_CLIENT');

/** Stripe unreachable, refusing us, or not configured: the api answers 502/503 with this message. */
export class StripeUnavailableError extends Error {
  constructor(
    message: string,
    readonly refused: boolean,
  ) {
    super(message);
    this.name = 'StripeUnavailableError';
  }
}

/**
 * The one Stripe client of a process, from configuration: STRIPE_API_URL (the sandbox) is parsed into
 * the client's host/port/protocol options, exactly as it would reach Stripe; unset = Stripe itself.
 * Null when no secret key is configured. The client keeps no per-tenant state, so it is shared.
 */
export function createStripeClient(
  config: Pick<AppConfig, 'STRIPE_SECRET_KEY' | 'STRIPE_API_URL' | 'STRIPE_CALL_TIMEOUT_MS'>,
): Stripe | null {
  if (!config.STRIPE_SECRET_KEY) return null;
  const options: ConstructorParameters<typeof Stripe>[1] = {
    timeout: config.STRIPE_CALL_TIMEOUT_MS,
    // Retries are idempotent (the client sends an Idempotency-Key on every POST retry).
    maxNetworkRetries: 1,
    appInfo: { name: 'ledgerbridge' },
  };
  if (config.STRIPE_API_URL) {
    const url = new URL(config.STRIPE_API_URL);
    options.host = url.hostname;
    options.protocol = url.protocol === 'https:' ? 'https' : 'http';
    options.port = url.port || (url.protocol === 'https:' ? 443 : 80);
  }
  return new Stripe(config.STRIPE_SECRET_KEY, options);
}

/** Runs a Stripe call and turns its failures into StripeUnavailableError (nothing internal leaks). */
export async function callStripe<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof Stripe.errors.StripeError) {
      const refused =
        !(e instanceof Stripe.errors.StripeConnectionError) && !(e instanceof Stripe.errors.StripeAPIError);
      throw new StripeUnavailableError(
        refused
          ? `Stripe refused to ${what}: ${e.message}`
          : `Stripe could not be reached to ${what}; try again shortly`,
        refused,
      );
    }
    throw e;
  }
}
