import { Inject, Injectable } from '@nestjs/common';
import { AppRegistry, XeroApp } from '../apps/app-registry';
import { SandboxClock } from '../core/sandbox-clock';
import { XERO_SETTINGS } from '../xero-tokens';
import { XeroSettings } from '../xero-settings';
import { entropy, postSigned, signWebhook } from './webhook-signer';

export interface IntentResult {
  ok: boolean;
  attempts: { correctlySigned: boolean; expected: number; received: number | null; error?: string }[];
}

/**
 * Xero's "Intent to receive": empty event payloads, some signed with the key and some not; the
 * receiver must answer 200 to the good ones and 401 to the bad ones, within the deadline.
 */
@Injectable()
export class IntentToReceive {
  constructor(
    private readonly apps: AppRegistry,
    @Inject(SandboxClock) private readonly clock: SandboxClock,
    @Inject(XERO_SETTINGS) private readonly settings: XeroSettings,
  ) {}

  async run(app: XeroApp): Promise<IntentResult> {
    if (!app.webhook_url) return { ok: false, attempts: [] };
    const plan = [true, false, true, false].sort(() => Math.random() - 0.5);
    const attempts: IntentResult['attempts'] = [];
    for (const correctlySigned of plan) {
      const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: entropy() });
      const signature = correctlySigned ? signWebhook(body, app.webhook_key) : signWebhook(body, `${app.webhook_key}x`);
      const result = await postSigned(
        app.webhook_url,
        body,
        signature,
        this.clock.toRealMs(this.settings.webhookTimeoutSeconds * 1000),
      );
      attempts.push({
        correctlySigned,
        expected: correctlySigned ? 200 : 401,
        received: result.status,
        ...(result.error ? { error: result.error } : {}),
      });
    }
    const ok = attempts.every((a) => a.expected === a.received);
    await this.apps.recordIntent(app.client_id, ok, { ok, attempts, at: this.clock.nowDate().toISOString() });
    return { ok, attempts };
  }
}
