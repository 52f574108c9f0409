import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  MalformedWebhookError,
  parseWebhookBody,
  verifyXeroSignature,
  XERO_CONNECTOR,
  XeroConnector,
} from '#lb/connectors/xero';
import { JobProducer } from '#lb/queues';

export type WebhookVerdict = 'accepted' | 'bad-signature' | 'malformed';

/**
 * The Xero webhook inbox: verify the signature on the raw bytes, store every event durably
 * (a storage failure throws, so Xero gets a non-200 and retries), then route: the tenant's event
 * row and its fetch job's outbox row commit together, and the outbox relay hands the job to
 * Redis whenever Redis takes it. Nothing here waits on Redis. A routing failure after storage does
 * not fail the delivery: the inbox row stays 'received' and the worker's re-routing sweep retries.
 */
@Injectable()
export class XeroWebhookService {
  private readonly logger = new Logger(XeroWebhookService.name);

  constructor(
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    private readonly jobs: JobProducer,
  ) {}

  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<WebhookVerdict> {
    if (!verifyXeroSignature(rawBody, signature, this.xero.settings.webhookKey)) return 'bad-signature';
    let events;
    try {
      events = parseWebhookBody(rawBody!);
    } catch (e) {
      if (e instanceof MalformedWebhookError) return 'malformed';
      throw e;
    }
    // Intent to receive: a correctly signed empty batch; nothing to store.
    const stored = await this.xero.inbox.store(events);
    for (const s of stored) {
      if (s.status !== 'received') continue; // a duplicate already routed
      try {
        await this.xero.inbox.route(s.inboxId, s.event, (m, routed) =>
          this.jobs.enqueue('xero', 'webhook-event', routed, { jobId: `xero-event:${routed.eventId}` }, m),
        );
      } catch (e) {
        this.logger.warn({ err: e, inboxId: s.inboxId }, 'Xero event stored but not yet routed; the sweep will retry');
      }
    }
    return 'accepted';
  }
}
