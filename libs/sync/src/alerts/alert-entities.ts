import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';

/** What a rule watches; `threshold` is read per kind (see docs/operations.md, "Alerts"). */
export const ALERT_KINDS = ['flow-failing', 'dead-letters', 'lag', 'reauthorisation', 'budget', 'waiting'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** A tenant's alert rule: a condition, its threshold and where a notice goes. */
@Entity({ name: 'alert_rules' })
@Unique('uq_alert_rules_tenant_id', ['tenantId', 'id'])
export class AlertRule extends TenantOwnedEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: AlertKind;

  /** N of the kind: failures, dead letters, minutes of lag, percent of the day spent, hours waiting. */
  @Column({ type: 'integer', default: 0 })
  threshold: number;

  /** flow-failing only: the window the failures are counted in. */
  @Column({ name: 'window_minutes', type: 'integer', nullable: true })
  windowMinutes: number | null;

  /** Null: every integration of the tenant. */
  @Column({ name: 'integration_id', type: 'uuid', nullable: true })
  integrationId: string | null;

  /** Null: every flow (kinds that look at flows). */
  @Column({ name: 'flow_key', type: 'text', nullable: true })
  flowKey: string | null;

  @Column({ name: 'email_recipients', type: 'text', array: true, default: () => "'{}'" })
  emailRecipients: string[];

  @Column({ name: 'webhook_url', type: 'text', nullable: true })
  webhookUrl: string | null;

  /** secrets.id of the sealed webhook signing secret (purpose `alert.webhook-secret`). */
  @Column({ name: 'webhook_secret_id', type: 'uuid', nullable: true })
  webhookSecretId: string | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}

export type AlertState = 'open' | 'resolved';

/** One alert per (rule, subject) while its condition holds; resolved when it clears. */
@Entity({ name: 'alerts' })
@Unique('uq_alerts_tenant_id', ['tenantId', 'id'])
@Index('uq_alerts_open_subject', ['tenantId', 'ruleId', 'subject'], { unique: true, where: `state = 'open'` })
export class Alert extends TenantOwnedEntity {
  @Column({ name: 'rule_id', type: 'uuid' })
  ruleId: string;

  /** What the condition holds for, e.g. `flow:<integration>:<flowKey>` or `integration:<id>`. */
  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text', default: 'open' })
  state: AlertState;

  @Column({ type: 'text' })
  summary: string;

  /** The condition's figures when last seen (counts, ages); never record contents. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => AlertRule, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'rule_id', referencedColumnName: 'id' },
  ])
  rule?: AlertRule;
}

export type AlertEvent = 'opened' | 'resolved';
export type WebhookDeliveryState = 'pending' | 'delivered';

/** One signed webhook notice of an alert; its job retries with backoff until the receiver takes it. */
@Entity({ name: 'alert_webhook_deliveries' })
@Unique('uq_alert_webhook_deliveries_tenant_id', ['tenantId', 'id'])
export class AlertWebhookDelivery extends TenantOwnedEntity {
  @Column({ name: 'alert_id', type: 'uuid' })
  alertId: string;

  @Column({ type: 'text' })
  event: AlertEvent;

  /** The exact JSON body signed and sent (the alert's summary and figures, no secrets). */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text', default: 'pending' })
  state: WebhookDeliveryState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => Alert, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'alert_id', referencedColumnName: 'id' },
  ])
  alert?: Alert;
}

export const ALERT_ENTITIES = [AlertRule, Alert, AlertWebhookDelivery];
