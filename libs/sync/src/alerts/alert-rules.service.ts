// The tenant's alert rules: create (the webhook URL vetted by the SSRF guard, its signing secret
// sealed and answered once), list, read, delete; and the tenant's alerts, newest first.
import { EntityManager } from 'typeorm';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { resolveSafeTarget } from '#lb/connectors/sage-x3';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { Alert, AlertKind, AlertRule, AlertState } from './alert-entities';
import { ALERT_WEBHOOK_SECRET_PURPOSE, newAlertWebhookSecret } from './alert-webhook-sender';

export class AlertRuleInvalidError extends Error {}
export class AlertRuleNotFoundError extends Error {}

export interface NewAlertRule {
  name: string;
  kind: AlertKind;
  threshold: number;
  windowMinutes?: number | null;
  integrationId?: string | null;
  flowKey?: string | null;
  emailRecipients?: string[];
  webhookUrl?: string | null;
}

export interface AlertRuleView {
  id: string;
  name: string;
  kind: AlertKind;
  threshold: number;
  windowMinutes: number | null;
  integrationId: string | null;
  flowKey: string | null;
  emailRecipients: string[];
  webhookUrl: string | null;
  enabled: boolean;
  createdAt: string;
}

export interface AlertView {
  id: string;
  ruleId: string;
  subject: string;
  state: AlertState;
  summary: string;
  details: Record<string, unknown>;
  openedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
}

export interface AlertActor {
  actor: AuditActor;
  origin: RequestOrigin;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function ruleView(r: AlertRule): AlertRuleView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    threshold: r.threshold,
    windowMinutes: r.windowMinutes,
    integrationId: r.integrationId,
    flowKey: r.flowKey,
    emailRecipients: r.emailRecipients,
    webhookUrl: r.webhookUrl,
    enabled: r.enabled,
    createdAt: r.createdAt.toISOString(),
  };
}

export function alertView(a: Alert): AlertView {
  return {
    id: a.id,
    ruleId: a.ruleId,
    subject: a.subject,
    state: a.state,
    summary: a.summary,
    details: a.details,
    openedAt: a.createdAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
  };
}

export class AlertRules {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly secrets: SecretStore,
    private readonly audit: AuditTrail,
    private readonly allowPrivateTargets: boolean,
  ) {}

  async create(
    tenantId: string,
    input: NewAlertRule,
    by: AlertActor,
  ): Promise<{ rule: AlertRuleView; webhookSecret: string | null }> {
    const recipients = input.emailRecipients ?? [];
    if (!recipients.length && !input.webhookUrl) {
      throw new AlertRuleInvalidError('A rule needs at least one channel: emailRecipients or webhookUrl');
    }
    if (input.webhookUrl) await this.vetWebhookUrl(input.webhookUrl);
    const webhookSecret = input.webhookUrl ? newAlertWebhookSecret() : null;
    return this.tx.run(tenantId, async (m) => {
      if (input.integrationId) await this.integration(m, input.integrationId);
      const saved = await m.save(
        m.create(AlertRule, {
          tenantId,
          name: input.name,
          kind: input.kind,
          threshold: input.threshold,
          windowMinutes: input.windowMinutes ?? null,
          integrationId: input.integrationId ?? null,
          flowKey: input.flowKey ?? null,
          emailRecipients: recipients.map((r) => r.toLowerCase()),
          webhookUrl: input.webhookUrl ?? null,
          webhookSecretId: webhookSecret
            ? await this.secrets.create(m, tenantId, ALERT_WEBHOOK_SECRET_PURPOSE, webhookSecret)
            : null,
        }),
      );
      await this.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'alert_rule.created',
        targetType: 'alert_rule',
        targetId: saved.id,
        details: { name: saved.name, kind: saved.kind, threshold: saved.threshold },
        origin: by.origin,
      });
      return { rule: ruleView(saved), webhookSecret };
    });
  }

  list(tenantId: string): Promise<AlertRuleView[]> {
    return this.tx.run(tenantId, async (m) => (await m.find(AlertRule, { order: { createdAt: 'ASC' } })).map(ruleView));
  }

  get(tenantId: string, id: string): Promise<AlertRuleView> {
    return this.tx.run(tenantId, async (m) => ruleView(await this.rule(m, id)));
  }

  async remove(tenantId: string, id: string, by: AlertActor): Promise<void> {
    await this.tx.run(tenantId, async (m) => {
      const rule = await this.rule(m, id);
      await m.delete(AlertRule, { id: rule.id });
      // The signing secret goes with its rule: nothing else may use it.
      if (rule.webhookSecretId) await this.secrets.remove(m, tenantId, rule.webhookSecretId);
      await this.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'alert_rule.deleted',
        targetType: 'alert_rule',
        targetId: rule.id,
        details: { name: rule.name, kind: rule.kind },
        origin: by.origin,
      });
    });
  }

  alerts(tenantId: string, state?: AlertState): Promise<AlertView[]> {
    return this.tx.run(tenantId, async (m) =>
      (await m.find(Alert, { where: state ? { state } : {}, order: { createdAt: 'DESC' }, take: 200 })).map(alertView),
    );
  }

  private async rule(m: EntityManager, id: string): Promise<AlertRule> {
    const found = UUID.test(id) ? await m.findOne(AlertRule, { where: { id } }) : null;
    if (!found) throw new AlertRuleNotFoundError('Alert rule not found');
    return found;
  }

  private async integration(m: EntityManager, id: string): Promise<void> {
    const rows: unknown[] = UUID.test(id) ? await m.query('SELECT 1 FROM integrations WHERE id = $1', [id]) : [];
    if (!rows.length) throw new AlertRuleInvalidError('integrationId names no integration of this tenant');
  }

  /** The same guard the X3 base URL has: http(s), global unicast only (unless private targets are allowed). */
  private async vetWebhookUrl(raw: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new AlertRuleInvalidError('webhookUrl is not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new AlertRuleInvalidError('webhookUrl must be http or https');
    }
    if (url.username || url.password) throw new AlertRuleInvalidError('webhookUrl must not carry credentials');
    try {
      await resolveSafeTarget(url.toString(), this.allowPrivateTargets);
    } catch {
      throw new AlertRuleInvalidError(
        `webhookUrl host ${url.hostname} is not allowed: it must resolve to public addresses only`,
      );
    }
  }
}
