import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { SandboxClock } from '../core/sandbox-clock';
import { XERO_CONFIG, XERO_SETTINGS } from '../xero-tokens';
import { XeroConfig, XeroSettings } from '../xero-settings';
import { entropy, postSigned, signWebhook } from './webhook-signer';

/** Sandbox seconds between attempts: decreasing frequency, as Xero describes its retries. */
const BACKOFF = [60, 300, 900, 1800, 3600, 7200, 14400];

/**
 * Sends queued events per app, signed, and retries on the sandbox clock until the retry horizon
 * (24 h) passes; then the app's webhook is disabled, as Xero does. Each sandbox delivers what it
 * queued (by public URL), so sandboxes sharing a database never race on another's clock.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private busy = false;
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly db: SandboxDatabase,
    @Inject(SandboxClock) private readonly clock: SandboxClock,
    @Inject(XERO_SETTINGS) private readonly settings: XeroSettings,
    @Inject(XERO_CONFIG) private readonly config: XeroConfig,
  ) {}

  /** Sandboxes sharing a database (tests) each deliver only what they queued. */
  private get origin(): string {
    return this.config.publicUrl;
  }

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
      await this.batchNewEvents();
      const now = this.clock.now();
      const due = await this.db.query<{
        id: string;
        client_id: string;
        body: string;
        attempts: number;
        first_attempt_ms: string | null;
        webhook_url: string;
        webhook_key: string;
      }>(
        `SELECT d.id, d.client_id, d.body, d.attempts, d.first_attempt_ms, a.webhook_url, a.webhook_key
         FROM xero_webhook_deliveries d JOIN xero_apps a ON a.client_id = d.client_id
         WHERE d.status = 'PENDING' AND d.next_attempt_ms <= $1 AND d.origin = $2 ORDER BY d.id LIMIT 20`,
        [now, this.origin],
      );
      await Promise.all(due.filter((d) => !this.inFlight.has(d.id)).map((d) => this.attempt(d)));
    } catch {
      // The pool may be closing at shutdown; the next tick retries.
    } finally {
      this.busy = false;
    }
  }

  private async batchNewEvents(): Promise<void> {
    await this.db.transaction(async (client) => {
      const { rows } = await client.query<{ id: string; client_id: string; event: unknown }>(
        'SELECT id, client_id, event FROM xero_webhook_events WHERE delivery_id IS NULL AND origin = $1 ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED',
        [this.origin],
      );
      const byApp = new Map<string, typeof rows>();
      for (const r of rows) byApp.set(r.client_id, [...(byApp.get(r.client_id) ?? []), r]);
      for (const [clientId, events] of byApp) {
        const { rows: seq } = await client.query<{ event_sequence: number }>(
          'UPDATE xero_apps SET event_sequence = event_sequence + $2 WHERE client_id = $1 RETURNING event_sequence',
          [clientId, events.length],
        );
        const last = seq[0].event_sequence;
        const body = JSON.stringify({
          events: events.map((e) => e.event),
          firstEventSequence: last - events.length + 1,
          lastEventSequence: last,
          entropy: entropy(),
        });
        const { rows: d } = await client.query<{ id: string }>(
          `INSERT INTO xero_webhook_deliveries (client_id, body, status, next_attempt_ms, origin) VALUES ($1, $2, 'PENDING', $3, $4) RETURNING id`,
          [clientId, body, this.clock.now(), this.origin],
        );
        await client.query('UPDATE xero_webhook_events SET delivery_id = $1 WHERE id = ANY($2::bigint[])', [
          d[0].id,
          events.map((e) => e.id),
        ]);
      }
    });
  }

  private async attempt(d: {
    id: string;
    body: string;
    attempts: number;
    first_attempt_ms: string | null;
    webhook_url: string;
    webhook_key: string;
    client_id: string;
  }): Promise<void> {
    this.inFlight.add(d.id);
    try {
      const started = this.clock.now();
      const first = d.first_attempt_ms ? Number(d.first_attempt_ms) : started;
      const timeout = this.clock.toRealMs(this.settings.webhookTimeoutSeconds * 1000);
      const result = await postSigned(d.webhook_url, d.body, signWebhook(d.body, d.webhook_key), timeout);
      const attempts = d.attempts + 1;
      const outcome = result.status ?? result.error ?? 'no answer';
      if (result.status === 200) {
        await this.db.query(
          `UPDATE xero_webhook_deliveries SET status = 'DELIVERED', attempts = $2, first_attempt_ms = $3, last_result = $4 WHERE id = $1`,
          [d.id, attempts, first, String(outcome)],
        );
        return;
      }
      const next = this.clock.now() + BACKOFF[Math.min(attempts - 1, BACKOFF.length - 1)] * 1000;
      if (next - first > this.settings.webhookRetryHorizonSeconds * 1000) {
        await this.db.query(
          `UPDATE xero_webhook_deliveries SET status = 'FAILED', attempts = $2, first_attempt_ms = $3, last_result = $4 WHERE id = $1`,
          [d.id, attempts, first, String(outcome)],
        );
        await this.db.query(`UPDATE xero_apps SET webhook_status = 'DISABLED' WHERE client_id = $1`, [d.client_id]);
        return;
      }
      await this.db.query(
        'UPDATE xero_webhook_deliveries SET attempts = $2, first_attempt_ms = $3, last_result = $4, next_attempt_ms = $5 WHERE id = $1',
        [d.id, attempts, first, String(outcome), next],
      );
    } finally {
      this.inFlight.delete(d.id);
    }
  }
}
