// An alert's notices: one email per recipient through the email outbox (the invitations' path) and
// one signed webhook delivery, whose job goes through the job outbox in the same transaction.
import { EntityManager } from 'typeorm';
import { OutboundEmail } from '#lb/accounts';
import { JobProducer } from '#lb/queues';
import { Alert, AlertEvent, AlertRule, AlertWebhookDelivery } from './alert-entities';

export function webhookBody(rule: AlertRule, alert: Alert, event: AlertEvent): string {
  return JSON.stringify({
    event: `alert.${event}`,
    alertId: alert.id,
    rule: { id: rule.id, name: rule.name, kind: rule.kind },
    subject: alert.subject,
    summary: alert.summary,
    details: alert.details,
    at: new Date().toISOString(),
  });
}

function emailText(rule: AlertRule, alert: Alert, event: AlertEvent): { subject: string; body: string } {
  const head = event === 'opened' ? 'Alert' : 'Resolved';
  return {
    subject: `[Ledgerbridge] ${head}: ${rule.name}`,
    body:
      event === 'opened'
        ? `${alert.summary}\n\nRule: ${rule.name} (${rule.kind}). You will hear again when it clears.`
        : `Cleared: ${alert.summary}\n\nRule: ${rule.name} (${rule.kind}).`,
  };
}

export async function queueNotices(
  m: EntityManager,
  jobs: JobProducer,
  rule: AlertRule,
  alert: Alert,
  event: AlertEvent,
): Promise<void> {
  const text = emailText(rule, alert, event);
  for (const to of rule.emailRecipients) {
    await m.insert(OutboundEmail, { tenantId: rule.tenantId, toAddress: to, subject: text.subject, body: text.body });
  }
  if (!rule.webhookUrl) return;
  const delivery = await m.save(
    m.create(AlertWebhookDelivery, {
      tenantId: rule.tenantId,
      alertId: alert.id,
      event,
      body: webhookBody(rule, alert, event),
    }),
  );
  await jobs.enqueue(
    'maintenance',
    'alert-webhook',
    { tenantId: rule.tenantId, deliveryId: delivery.id },
    { jobId: `alert-webhook:${delivery.id}` },
    m,
  );
}
