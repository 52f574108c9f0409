import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { TenantOwnedEntity } from './tenant-owned.entity';
import { Tenant } from './tenant.entity';

export type AuditActorKind = 'user' | 'staff' | 'system';

/** Append-only record of who did what, when and from where; the runtime role may only insert. */
@Entity({ name: 'audit_log' })
@Unique('uq_audit_log_tenant_id', ['tenantId', 'id'])
@Index('ix_audit_log_tenant_created', ['tenantId', 'createdAt'])
export class AuditLogEntry extends TenantOwnedEntity {
  @Column({ name: 'actor_kind', type: 'text' })
  actorKind: AuditActorKind;

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'target_type', type: 'text', nullable: true })
  targetType: string | null;

  @Column({ name: 'target_id', type: 'text', nullable: true })
  targetId: string | null;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;

  @Column({ name: 'ip_address', type: 'text', nullable: true })
  ipAddress: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}
