import { Inject, Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { STRIPE_CLIENT, StripeEventStore } from '#lb/billing';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { TenantTransactions } from '#lb/database';
import { JobProducer, JOBS } from '#lb/queues';

export type StripeWebhookVerdict = 'accepted' | 'bad-signature' | 'malformed';

/** The Stripe customer an event concerns: the object's `customer`, or the customer itself. */
export function customerOf(event: Stripe.Event): string | null {
  const object = event.data?.object as { object?: string; id?: string; customer?: unknown } | undefined;
  if (!object) return null;
  if (object.object === 'customer' && typeof object.id === 'string') return object.id;
  if (typeof object.customer === 'string') return object.customer;
  const nested = object.customer as { id?: unknown } | null | undefined;
  return typeof nested?.id === 'string' ? nested.id : null;
}

/**
 * The Stripe webhook inbox: the signature is checked on the raw bytes with the endpoint secret
 * (Stripe's scheme: HMAC-SHA256 of "t.body", 5-minute tolerance) before anything is stored; the
 * event is stored once by its id and routed by its customer; a new (or not yet processed) event
 * hands its job on through the outbox in the tenant's transaction. A processed one is not re-done.
 */
@Injectable()
export class StripeWebhookService {
  private readonly logger = new Logger(StripeWebhookService.name);
  /** Only for signature checks: the webhook needs no API key, so a client exists even without one. */
  private readonly verifier: Stripe;

  constructor(
    private readonly events: StripeEventStore,
    private readonly tx: TenantTransactions,
    private readonly jobs: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(STRIPE_CLIENT) stripe: Stripe | null,
  ) {
    this.verifier = stripe ?? new Stripe('sk_unused_for_signatures');
  }

  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<StripeWebhookVerdict> {
    const secret = this.config.STRIPE_WEBHOOK_SECRET;
    if (!secret || !rawBody || !signature) return 'bad-signature';
    let event: Stripe.Event;
    try {
      event = this.verifier.webhooks.constructEvent(rawBody, signature, secret);
    } catch (e) {
      if (e instanceof Stripe.errors.StripeSignatureVerificationError) return 'bad-signature';
      return 'malformed';
    }
    if (
      typeof event?.id !== 'string' ||
      !/^evt_[A-Za-z0-9_]{1,120}$/.test(event.id) ||
      typeof event.type !== 'string'
    ) {
      return 'malformed';
    }
    const stored = await this.events.store({
      id: event.id,
      type: event.type,
      customerId: customerOf(event),
      payload: event,
    });
    if (stored.processed) return 'accepted';
    if (!stored.tenantId) {
      this.logger.warn(
        { eventId: event.id, type: event.type },
        'Stripe event for a customer no tenant holds: stored, not processed',
      );
      return 'accepted';
    }
    const tenantId = stored.tenantId;
    await this.tx.run(tenantId, (m) =>
      this.jobs.enqueue(
        'maintenance',
        JOBS.maintenance.stripeEvent,
        { tenantId, stripeEventId: event.id },
        { jobId: `stripe-event:${event.id}` },
        m,
      ),
    );
    return 'accepted';
  }
}
