import { Inject, Injectable } from '@nestjs/common';
import {
  MalformedWebhookError,
  verifyXeroSignature,
  webhookEvents,
  XERO_CONNECTOR,
  XeroConnector,
} from '#lb/connectors/xero';
import { OUTBOX_LANE } from '#lb/queues';

export type WebhookVerdict = 'accepted' | 'bad-signature' | 'malformed';

/**
 * The Xero webhook inbox: verify the signature on the raw bytes, then store and route the whole
 * delivery in one statement (one round trip, one commit): every event durably in the inbox, each
 * owned one in its tenant's xero_events with its fetch job's outbox row, which the outbox relay
 * hands to Redis whenever Redis takes it. Nothing here waits on Redis. A storage failure throws,
 * so Xero gets a non-200 and retries; a routing failure leaves the event 'received' for the
 * worker's re-routing sweep and does not fail the delivery.
 */
@Injectable()
export class XeroWebhookService {
  constructor(
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    @Inject(OUTBOX_LANE) private readonly lane: string,
  ) {}

  /** `body`: the api's parse of exactly `rawBody` (the edge body parser keeps both). */
  async receive(rawBody: Buffer | undefined, signature: string | undefined, body: unknown): Promise<WebhookVerdict> {
    if (!verifyXeroSignature(rawBody, signature, this.xero.settings.webhookKey)) return 'bad-signature';
    let events;
    try {
      events = webhookEvents(body);
    } catch (e) {
      if (e instanceof MalformedWebhookError) return 'malformed';
      throw e;
    }
    // Intent to receive: a correctly signed empty batch; nothing to store, no database call.
    await this.xero.inbox.receive(events, this.lane);
    return 'accepted';
  }
}
