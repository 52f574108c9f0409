import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';

/** Emails waiting for (or handed to) the mail transport; the tenant's own record of what was sent. */
@Entity({ name: 'email_outbox' })
@Unique('uq_email_outbox_tenant_id', ['tenantId', 'id'])
export class OutboundEmail extends TenantOwnedEntity {
  @Column({ name: 'to_address', type: 'text' })
  toAddress: string;

  @Column({ type: 'text' })
  subject: string;

  /** The text; an invitation's link is not in it but filled in from the sealed token when sent. */
  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'invitation_id', type: 'uuid', nullable: true })
  invitationId: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}
