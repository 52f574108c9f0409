import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Base of every tenant-owned table: `tenant_id` plus a `(tenant_id, id)` unique key that foreign
 * keys from other tenant tables use (a plain FK would let a row point into another tenant, since
 * foreign-key checks bypass RLS). Each such table also gets a forced RLS policy in a migration.
 */
export abstract class TenantOwnedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  // Indexed by each table's (tenant_id, id) unique key.
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
