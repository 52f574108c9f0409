// An approved void-duplicate fix carried out by the worker: the Xero invoice (or bill) keyed in
// Xero under the number of one our sync wrote is voided through the connector (rate-limited,
// metered; the difference's id is the Idempotency-Key, so a retried job voids once), and its copy
// is updated from Xero's answer, so the next run sees it voided and the key single again.
import { Invoice } from 'xero-node';
import { TenantTransactions } from '#lb/database';
import type { XeroConnector } from '#lb/connectors/xero';
import { Integration } from '#lb/integrations';
import { copyOfXeroRow, isCopiedEntity, recordLedgerCopies } from '#lb/sync';
import { ReconDifference } from '../runs/recon-difference.entity';
import { ReconRun } from '../runs/recon-run.entity';
import { FixNotAutomaticError } from './apply-fix';

export interface VoidDuplicateDeps {
  tx: TenantTransactions;
  xero: Pick<XeroConnector, 'orgs' | 'statusChanges'>;
}

/** Voids the duplicate an approved difference names; refuses (FixNotAutomaticError) what is not one. */
export async function voidDuplicate(d: VoidDuplicateDeps, tenantId: string, differenceId: string): Promise<void> {
  const found = await d.tx.run(tenantId, async (m) => {
    const diff = await m.findOne(ReconDifference, { where: { id: differenceId } });
    if (!diff || diff.state !== 'applied' || diff.fix.action !== 'void-duplicate' || !diff.fix.target)
      throw new FixNotAutomaticError(`difference ${differenceId} is no approved void of a duplicate`);
    const run = await m.findOneOrFail(ReconRun, { where: { id: diff.runId } });
    const integration = await m.findOneOrFail(Integration, { where: { id: run.integrationId } });
    // never the document our sync wrote (or matched): a linked Xero record is X3's own
    const linked = await m.query<unknown[]>(
      `SELECT 1 FROM sync_cross_references WHERE integration_id = $1 AND entity = $2
       AND lower(xero_id) = $3 AND state IN ('matched', 'written')`,
      [integration.id, diff.entity, diff.fix.target.toLowerCase()],
    );
    if (linked.length)
      throw new FixNotAutomaticError(`Xero ${diff.entity} ${diff.fix.target} is linked to X3: not voided`);
    return { entity: diff.entity, target: diff.fix.target, integration };
  });
  const { entity, target, integration } = found;
  const org = await d.xero.orgs.forConnection(tenantId, integration.xeroConnectionId);
  const row = await d.xero.statusChanges.invoiceStatus(org, target, Invoice.StatusEnum.VOIDED, differenceId);
  if (isCopiedEntity(entity))
    await d.tx.run(tenantId, (m) =>
      recordLedgerCopies(m, tenantId, integration.id, [copyOfXeroRow(entity, row as Record<string, unknown>)]),
    );
}
