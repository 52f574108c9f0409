// A signed alert webhook: HMAC-SHA256 of the exact body under the rule's sealed secret, sent to
// the address the SSRF guard vetted (no redirects). A failure throws, so Bull's backoff retries it.
import { createHmac, randomBytes } from 'node:crypto';
import { PinnedHttpClient, resolveSafeTarget } from '#lb/connectors/sage-x3';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { Alert, AlertRule, AlertWebhookDelivery } from './alert-entities';

export const ALERT_WEBHOOK_SECRET_PURPOSE = 'alert.webhook-secret';
/** `sha256=<hex HMAC-SHA256 of the raw body>` under the rule's signing secret. */
export const ALERT_SIGNATURE_HEADER = 'x-ledgerbridge-signature';
export const ALERT_DELIVERY_HEADER = 'x-ledgerbridge-delivery';
const SEND_TIMEOUT_MS = 10_000;

export const newAlertWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export function signAlertBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class AlertWebhookFailure extends Error {}

export class AlertWebhookSender {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly secrets: SecretStore,
    private readonly allowPrivateTargets: boolean,
  ) {}

  /** Sends one delivery unless it went already; records each attempt. Throws when it must be retried. */
  async deliver(tenantId: string, deliveryId: string): Promise<'delivered' | 'already' | 'gone'> {
    const work = await this.tx.run(tenantId, async (m) => {
      const delivery = await m.findOne(AlertWebhookDelivery, { where: { id: deliveryId } });
      if (!delivery) return null;
      const alert = await m.findOneOrFail(Alert, { where: { id: delivery.alertId } });
      const rule = await m.findOneOrFail(AlertRule, { where: { id: alert.ruleId } });
      if (delivery.state === 'delivered' || !rule.webhookUrl || !rule.webhookSecretId) return { delivery, send: null };
      const secret = await this.secrets.read(m, tenantId, rule.webhookSecretId, ALERT_WEBHOOK_SECRET_PURPOSE);
      return { delivery, send: { url: rule.webhookUrl, secret } };
    });
    if (!work) return 'gone';
    if (!work.send) return work.delivery.state === 'delivered' ? 'already' : 'gone';
    const error = await this.post(work.send.url, work.send.secret, work.delivery);
    await this.tx.run(tenantId, (m) =>
      m.update(
        AlertWebhookDelivery,
        { id: deliveryId },
        error
          ? { attempts: () => 'attempts + 1', lastError: error }
          : { attempts: () => 'attempts + 1', lastError: null, state: 'delivered', deliveredAt: new Date() },
      ),
    );
    if (error) throw new AlertWebhookFailure(`alert webhook ${deliveryId} not delivered: ${error}`);
    return 'delivered';
  }

  /** Null when the receiver answered 2xx; else what went wrong, in words safe to store. */
  private async post(url: string, secret: string, delivery: AlertWebhookDelivery): Promise<string | null> {
    let client: PinnedHttpClient | undefined;
    try {
      const target = await resolveSafeTarget(url, this.allowPrivateTargets);
      client = new PinnedHttpClient(target, { maxSockets: 1 });
      const res = await client.post(
        target.url.search,
        {
          'content-type': 'application/json',
          'user-agent': 'Ledgerbridge-Alerts/1',
          [ALERT_SIGNATURE_HEADER]: signAlertBody(secret, delivery.body),
          [ALERT_DELIVERY_HEADER]: delivery.id,
        },
        delivery.body,
        SEND_TIMEOUT_MS,
      );
      return res.status >= 200 && res.status < 300 ? null : `receiver answered ${res.status}`;
    } catch (e) {
      return e instanceof Error ? e.message.slice(0, 300) : 'send failed';
    } finally {
      client?.close();
    }
  }
}
