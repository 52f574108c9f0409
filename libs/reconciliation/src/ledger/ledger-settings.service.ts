// The integration's GL settings for reconciliation: the day both ledgers are in step from, and X3's
// receivable and payable control accounts (members read them; admins and owners set or remove
// them). The run reads them inside the tenant's context.
import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { ReconciliationInvalidError, ReconciliationNotFoundError } from '../reconciliations.service';
import { ReconLedgerSettings } from './ledger-settings.entity';

export interface LedgerSettingsInput {
  /** YYYY-MM-DD: both ledgers hold the same postings from this day on. */
  inStepFrom: string;
  receivableAccounts: string[];
  payableAccounts: string[];
}

async function requireIntegration(m: EntityManager, integrationId: string): Promise<void> {
  if (!(await m.exists(Integration, { where: { id: integrationId } })))
    throw new ReconciliationNotFoundError('integration not found');
}

const view = (row: ReconLedgerSettings): LedgerSettingsInput => ({
  inStepFrom: row.inStepFrom,
  receivableAccounts: row.receivableAccounts,
  payableAccounts: row.payableAccounts,
});

/** The settings as the run reads them, in the caller's transaction; null: no GL comparison. */
export async function ledgerSettingsIn(m: EntityManager, integrationId: string): Promise<LedgerSettingsInput | null> {
  const row = await m.findOne(ReconLedgerSettings, { where: { integrationId } });
  return row ? view(row) : null;
}

/** Sorted, without repeats or blanks. */
const tidy = (accounts: string[]) => [...new Set(accounts.map((a) => a.trim()).filter(Boolean))].sort();

/** Refuses what the DTO cannot see: an impossible day, or an account given as both kinds. */
function check(input: LedgerSettingsInput): void {
  const day = Date.parse(`${input.inStepFrom}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(input.inStepFrom) ||
    Number.isNaN(day) ||
    new Date(day).toISOString().slice(0, 10) !== input.inStepFrom
  )
    throw new ReconciliationInvalidError(`inStepFrom: ${input.inStepFrom} is not a day (YYYY-MM-DD)`);
  const both = input.receivableAccounts.filter((a) => input.payableAccounts.includes(a));
  if (both.length)
    throw new ReconciliationInvalidError(`${both.join(', ')}: an account is receivable or payable, not both`);
}

export class LedgerSettings {
  constructor(private readonly tx: TenantTransactions) {}

  /** The settings, or null when the integration compares no GL. */
  get(tenantId: string, integrationId: string): Promise<LedgerSettingsInput | null> {
    return this.tx.runReadOnly(tenantId, async (m) => {
      await requireIntegration(m, integrationId);
      return ledgerSettingsIn(m, integrationId);
    });
  }

  set(
    tenantId: string,
    integrationId: string,
    input: LedgerSettingsInput,
    userId: string | null,
  ): Promise<LedgerSettingsInput> {
    const settings = {
      inStepFrom: input.inStepFrom,
      receivableAccounts: tidy(input.receivableAccounts),
      payableAccounts: tidy(input.payableAccounts),
    };
    return this.tx.run(tenantId, async (m) => {
      check(settings);
      await requireIntegration(m, integrationId);
      await m.query(
        `INSERT INTO recon_ledger_settings (tenant_id, integration_id, in_step_from, receivable_accounts, payable_accounts, updated_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, integration_id) DO UPDATE
           SET in_step_from = EXCLUDED.in_step_from, receivable_accounts = EXCLUDED.receivable_accounts,
               payable_accounts = EXCLUDED.payable_accounts, updated_by_user_id = EXCLUDED.updated_by_user_id`,
        [tenantId, integrationId, settings.inStepFrom, settings.receivableAccounts, settings.payableAccounts, userId],
      );
      return settings;
    });
  }

  /** The integration compares no GL from now on; its runs keep what they compared. */
  remove(tenantId: string, integrationId: string): Promise<void> {
    return this.tx.run(tenantId, async (m) => {
      await requireIntegration(m, integrationId);
      await m.delete(ReconLedgerSettings, { integrationId });
    });
  }
}
