import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

/**
 * What the GL comparison needs that no mapping says. The day from which both ledgers hold the same
 * postings (go-live, or the day opening balances were entered in both): before it, each ledger
 * has its own history, so the run compares what moved from that day on. And X3's receivable and
 * payable control (collective) accounts: documents and payments post to them in X3 and to Xero's
 * Accounts Receivable / Payable, which no account lookup maps, so the run maps them to Xero's
 * system accounts (DEBTORS, CREDITORS). One row per integration; without one the run compares no GL.
 */
@Entity({ name: 'recon_ledger_settings' })
@Unique('uq_recon_ledger_settings_tenant_id', ['tenantId', 'id'])
@Unique('uq_recon_ledger_settings_integration', ['tenantId', 'integrationId'])
export class ReconLedgerSettings extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'in_step_from', type: 'date' })
  inStepFrom: string;

  @Column({ name: 'receivable_accounts', type: 'text', array: true, default: () => "'{}'" })
  receivableAccounts: string[];

  @Column({ name: 'payable_accounts', type: 'text', array: true, default: () => "'{}'" })
  payableAccounts: string[];

  @Column({ name: 'updated_by_user_id', type: 'uuid', nullable: true })
  updatedByUserId: string | null;

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
