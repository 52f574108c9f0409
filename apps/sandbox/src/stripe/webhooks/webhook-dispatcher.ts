import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { SandboxConfig } from '../../sandbox-config';
import { STRIPE_CONFIG, STRIPE_SETTINGS } from '../stripe-tokens';
import { StripeSettings } from '../stripe-settings';
import { postEvent } from './webhook-signer';

interface Due {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  doc: Record<string, unknown>;
}

/**
 * Sends queued events, signed, one at a time in due order; a non-2xx reply or no reply is retried
 * with doubling delays (webhookRetryMs, 2×, 4×…) until webhookMaxAttempts. Each sandbox sends only
 * what it queued (by public URL), so sandboxes sharing a database never race.
 */
@Injectable()
export class StripeWebhookDispatcher implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly db: SandboxDatabase,
    @Inject(STRIPE_CONFIG) private readonly config: SandboxConfig,
    @Inject(STRIPE_SETTINGS) private readonly settings: StripeSettings,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.tick(), 100);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const due = await this.db.query<Due>(
        `SELECT d.id, d.attempts, w.url, w.secret, e.doc FROM stripe_deliveries d
         JOIN stripe_webhook_endpoints w ON w.id = d.endpoint_id
         JOIN stripe_events e ON e.account_id = d.account_id AND e.id = d.event_id
         WHERE d.origin = $1 AND d.status = 'pending' AND d.next_attempt_ms <= $2
         ORDER BY d.next_attempt_ms, d.id LIMIT 50`,
        [this.config.publicUrl, Date.now()],
      );
      for (const d of due) await this.attempt(d);
    } catch {
      // The pool may be closing at shutdown; the next tick tries again.
    } finally {
      this.busy = false;
    }
  }

  private async attempt(d: Due): Promise<void> {
    const result = await postEvent(d.url, JSON.stringify(d.doc, null, 2), d.secret, this.settings.webhookTimeoutMs);
    const attempts = d.attempts + 1;
    if (result.status !== null && result.status >= 200 && result.status < 300) {
      await this.db.query(
        `UPDATE stripe_deliveries SET status = 'delivered', attempts = $2, last_status = $3, last_error = NULL, delivered_at = now() WHERE id = $1`,
        [d.id, attempts, result.status],
      );
      return;
    }
    const giveUp = attempts >= this.settings.webhookMaxAttempts;
    await this.db.query(
      `UPDATE stripe_deliveries SET status = $2, attempts = $3, last_status = $4, last_error = $5, next_attempt_ms = $6 WHERE id = $1`,
      [
        d.id,
        giveUp ? 'failed' : 'pending',
        attempts,
        result.status,
        result.error ?? `HTTP ${result.status}`,
        Date.now() + this.settings.webhookRetryMs * 2 ** (attempts - 1),
      ],
    );
  }
}
