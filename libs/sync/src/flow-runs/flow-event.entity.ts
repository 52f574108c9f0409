import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

/**
 * An event the engine observed for a subject (kind 'x3:delivery-validated', subject the sales
 * order). Kept so a run reaching its wait after the event (an invoice posted once its order had
 * shipped) goes on at once instead of waiting for something already past.
 */
@Entity({ name: 'sync_flow_events' })
@Unique('uq_sync_flow_events_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_flow_events_subject', ['tenantId', 'integrationId', 'kind', 'subject'])
export class SyncFlowEvent extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  subject: string;

  /** Where it was seen: `{ node: 'salesDelivery', key: 'LIV0001' }`. */
  @Column({ type: 'jsonb' })
  detail: Record<string, unknown>;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => Integration, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'integration_id', referencedColumnName: 'id' },
  ])
  integration?: Integration;
}
