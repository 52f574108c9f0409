import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { TenantOwnedEntity } from './tenant-owned.entity';
import { Tenant } from './tenant.entity';
import { User } from './user.entity';

export const ROLES = ['owner', 'admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

@Entity({ name: 'memberships' })
@Unique('uq_memberships_tenant_id', ['tenantId', 'id'])
@Unique('uq_memberships_tenant_user', ['tenantId', 'userId'])
export class Membership extends TenantOwnedEntity {
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  role: Role;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;
}
