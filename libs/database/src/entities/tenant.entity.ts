import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type TenantStatus = 'active' | 'suspended' | 'deleting';

/** One customer organisation. Its own row is visible only inside its own tenant context. */
@Entity({ name: 'tenants' })
export class Tenant {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: 'active' })
  status: TenantStatus;

  /** Set when an owner deletes the tenant: its data is purged once this time has passed. */
  @Column({ name: 'purge_after', type: 'timestamptz', nullable: true })
  purgeAfter: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
