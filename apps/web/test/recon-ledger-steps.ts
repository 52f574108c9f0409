// The general-ledger part of the reconciliation journey (reconciliation.browser-spec.ts): an owner
// sets the ledger settings in the SPA, then reads a run that compared the GL — its table of every
// account and its GL differences, an accountant's fix offered Dismiss only, and an unmapped X3 account
// mapped from the run: its Xero code typed in the approval, added to the journals mapping.
import { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { reconcileRun } from '#lb/reconciliation';
import { sampleLedger } from '../../../libs/reconciliation/src/ledger/testing/sample-ledger';
import { expectPageClean } from './spa-world';

export async function ledgerJourney(
  page: Page,
  db: { owner: DataSource; runtime: DataSource },
  ids: { tenantId: string; integrationId: string },
): Promise<void> {
  await page.getByTestId('recon-ledger-settings').getByText('The general ledger is not compared yet').waitFor();
  await page.getByLabel('Both ledgers in step from').fill('2026-07-01');
  await page.getByLabel('Receivable control accounts (Sage X3)').fill('610, 611');
  await page.getByRole('button', { name: 'Save ledger settings' }).click();
  await page.getByText('Ledger settings saved').waitFor();
  await page.getByTestId('recon-ledger-settings').getByText('610, 611').waitFor();
  // a run that compared the GL (the worker's job done here, with the comparison it would store)
  const [{ id: runId }] = await db.owner.query<Array<{ id: string }>>(
    `INSERT INTO recon_runs (tenant_id, integration_id, as_of) VALUES ($1, $2, '2026-10-31') RETURNING id`,
    [ids.tenantId, ids.integrationId],
  );
  const ledger = () => Promise.resolve(sampleLedger('2026-10-31', '2026-10-01'));
  await reconcileRun({ tx: new TenantTransactions(db.runtime), ledger }, ids.tenantId, runId);
  await page.getByRole('link', { name: 'Reconciliation as of 2026-10-31, done' }).click();
  await page.getByRole('heading', { level: 2, name: 'General ledger' }).waitFor();
  await page.getByTestId('recon-ledger-summary').getByText('2 accounts differ').waitFor();
  await page.getByTestId('ledger-610').getByText('agrees').waitFor();
  await page.getByTestId('ledger-200').getByText('rounding (up to 0.01)').waitFor();
  const unmapped = page.getByTestId('difference-X3 310');
  await unmapped.getByText('GL account').waitFor();
  await unmapped.getByText('Add the mapping entry').waitFor();
  // the approval asks for the Xero account code; without it nothing can be applied
  await unmapped.getByRole('button', { name: 'Approve and apply X3 310' }).click();
  const dialog = page.getByRole('dialog', { name: 'Apply the fix to X3 310?' });
  await dialog.getByText("is added to the journal mapping's account lookup").waitFor();
  const apply = dialog.getByRole('button', { name: 'Apply the fix' });
  if (!(await apply.isDisabled())) throw new Error('the fix can be applied without the Xero account code');
  await dialog.getByLabel('Xero account code').fill('310');
  await apply.click();
  await unmapped.locator('[data-status]', { hasText: 'applied' }).waitFor();
  const [entry] = await db.owner.query<Array<{ version: number; comment: string }>>(
    `SELECT v.version, v.comment FROM mapping_heads h JOIN mapping_versions v ON v.id = h.active_version_id
     WHERE h.integration_id = $1 AND h.entity = 'journal' AND h.direction = 'x3-to-xero'`,
    [ids.integrationId],
  );
  if (entry?.comment !== 'journal-account: 310 → 310 (reconciliation fix)')
    throw new Error(`the journals mapping did not learn 310: ${JSON.stringify(entry)}`);
  // an accountant's entry: nothing to apply, only to dismiss once made
  const cent = page.getByTestId('difference-200');
  await cent.getByText('For an accountant').waitFor();
  if ((await cent.getByRole('button', { name: 'Approve and apply 200' }).count()) !== 0)
    throw new Error('a GL fix for an accountant offers "Approve and apply"');
  await cent.getByRole('button', { name: 'Dismiss 200' }).click();
  await cent.locator('[data-status]', { hasText: 'dismissed' }).waitFor();
  await expectPageClean(page, 'reconciliation run: the general ledger');
}
