import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';

export const ANOMALY_KINDS = ['duplicate', 'outlier', 'exchange-rate', 'tax', 'volume'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** held: a likely duplicate not written until decided; open: written and flagged. */
export const FINDING_STATUSES = ['held', 'open', 'expected', 'resolved'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** One finding per document and kind (a volume finding's subject is the flow's hour). */
@Entity({ name: 'sync_anomaly_findings' })
@Unique('uq_sync_anomaly_findings_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_anomaly_findings_subject', ['tenantId', 'integrationId', 'flowKey', 'subject', 'kind'])
@Index('ix_sync_anomaly_findings_status', ['tenantId', 'status', 'kind'])
export class SyncAnomalyFinding extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'flow_key', type: 'text' })
  flowKey: string;

  @Column({ type: 'text' })
  entity: string;

  /** The document's source key, or `hour:<ISO hour>` for a volume finding. */
  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  kind: AnomalyKind;

  @Column({ type: 'text' })
  status: FindingStatus;

  /** The held pending change a duplicate's approval releases. */
  @Column({ name: 'pending_change_id', type: 'uuid', nullable: true })
  pendingChangeId: string | null;

  /** Plain words for a finance lead: what was compared with what. */
  @Column({ type: 'text' })
  explanation: string;

  /** The figures behind it (amounts as decimal strings, references, the rule's learned key). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail: Record<string, unknown>;

  /** 'approved' / 'rejected' / 'expected' and who, once decided. */
  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}

export type ProfileScope = 'party' | 'currency' | 'tax-code' | 'flow';

/**
 * A tenant's bounded statistics for one subject (a customer, a currency, a tax code, a flow) and
 * what the tenant taught it by marking findings expected. Updated as documents are screened.
 */
@Entity({ name: 'sync_anomaly_profiles' })
@Unique('uq_sync_anomaly_profiles_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_anomaly_profiles_subject', ['tenantId', 'integrationId', 'entity', 'scope', 'subject'])
export class SyncAnomalyProfile extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  entity: string;

  @Column({ type: 'text' })
  scope: ProfileScope;

  @Column({ type: 'text' })
  subject: string;

  /** Bounded sketches (detectors.ts): recent values and documents, never the whole history. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  stats: Record<string, unknown>;

  /** Learned from findings marked expected (a wider band, an accepted reference pattern …). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  rules: Record<string, unknown>;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}

export const ANOMALY_ENTITIES = [SyncAnomalyFinding, SyncAnomalyProfile];
