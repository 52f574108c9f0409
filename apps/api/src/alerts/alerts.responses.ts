import { ApiProperty } from '@nestjs/swagger';
import { ALERT_KINDS, type AlertKind, type AlertRuleView, type AlertView } from '#lb/sync';

export class AlertRuleResponse implements AlertRuleView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ALERT_KINDS })
  kind: AlertKind;

  @ApiProperty()
  threshold: number;

  @ApiProperty({ type: Number, nullable: true })
  windowMinutes: number | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  integrationId: string | null;

  @ApiProperty({ type: String, nullable: true })
  flowKey: string | null;

  @ApiProperty({ type: [String] })
  emailRecipients: string[];

  @ApiProperty({ type: String, nullable: true })
  webhookUrl: string | null;

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class CreatedAlertRuleResponse {
  @ApiProperty({ type: AlertRuleResponse })
  rule: AlertRuleResponse;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Shown once: the secret the webhook is signed with (X-Ledgerbridge-Signature: sha256=<hex HMAC-SHA256 of the body>); null without a webhook',
  })
  webhookSecret: string | null;
}

export class AlertResponse implements AlertView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  ruleId: string;

  @ApiProperty({ description: 'What the condition holds for, e.g. flow:<integrationId>:<flowKey>' })
  subject: string;

  @ApiProperty({ enum: ['open', 'resolved'] })
  state: 'open' | 'resolved';

  @ApiProperty()
  summary: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  openedAt: string;

  @ApiProperty({ format: 'date-time' })
  lastSeenAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt: string | null;
}
