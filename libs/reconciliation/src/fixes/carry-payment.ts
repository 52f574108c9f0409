// An approved carry-payment fix: a document paid in Xero whose X3 document is still open — a payment
// keyed in Xero only. On approval (api) the flow carrying payments from Xero to X3 must be on and
// writing (else 409, nothing changed) and the worker's carry-xero-payments job is queued through the
// outbox with the decision. The job reads the document from Xero (one call) for its payments and
// queues each as a pending change of that flow, keyed as the poller keys them (flow, PaymentID): the
// drain fetches it, finds it already carried or writes it to X3 as a payment with its
// cross-reference, so the X3 document is settled and the next run finds both sides paid. Never a
// side-channel write: the flow's mapping, echo checks and holds all apply.
import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import type { XeroConnector } from '#lb/connectors/xero';
import { Integration } from '#lb/integrations';
import { JobProducer, JOBS } from '#lb/queues';
import { LANES, PendingChanges, requestDrain } from '#lb/sync';
import { ReconDifference } from '../runs/recon-difference.entity';
import { ReconRun } from '../runs/recon-run.entity';
import { FixNotAutomaticError } from './fix-errors';
import { xeroWritingFlow } from './xero-writing-flow';

type Row = Record<string, unknown>;

/** At approval: refuses (changing nothing) without a writing flow; queues the job with the decision. */
export async function queueCarryPayment(
  m: EntityManager,
  jobs: JobProducer,
  integrationId: string,
  difference: ReconDifference,
): Promise<void> {
  if (!difference.fix.target) throw new FixNotAutomaticError('the difference names no Xero document');
  await xeroWritingFlow(m, integrationId, 'payment');
  await jobs.enqueue(
    'maintenance',
    JOBS.maintenance.carryXeroPayments,
    { tenantId: difference.tenantId, differenceId: difference.id },
    { jobId: `carry-xero-payments:${difference.id}` },
    m,
  );
}

export interface CarryPaymentDeps {
  tx: TenantTransactions;
  jobs: JobProducer;
  xero: Pick<XeroConnector, 'orgs' | 'reads'>;
}

/** The Xero payments on a document as Xero lists them (the SDK's camelCase), deleted ones left out. */
function paymentIdsOf(document: Row): string[] {
  const payments = Array.isArray(document.payments) ? (document.payments as Row[]) : [];
  return payments
    .filter(
      (p) =>
        typeof p.paymentID === 'string' && (typeof p.status === 'string' ? p.status.toUpperCase() : '') !== 'DELETED',
    )
    .map((p) => String(p.paymentID).toLowerCase());
}

/** The worker's job: the document's Xero payments queued for X3. Returns how many were queued. */
export async function carryXeroPayments(d: CarryPaymentDeps, tenantId: string, differenceId: string): Promise<number> {
  const found = await d.tx.run(tenantId, async (m) => {
    const diff = await m.findOne(ReconDifference, { where: { id: differenceId } });
    if (!diff || diff.state !== 'applied' || diff.fix.action !== 'carry-payment' || !diff.fix.target)
      throw new FixNotAutomaticError(`difference ${differenceId} is no approved carry of a Xero payment`);
    const run = await m.findOneOrFail(ReconRun, { where: { id: diff.runId } });
    const integration = await m.findOneOrFail(Integration, { where: { id: run.integrationId } });
    return { target: diff.fix.target, integration };
  });
  const org = await d.xero.orgs.forConnection(tenantId, found.integration.xeroConnectionId);
  const document = await d.xero.reads.get(org, 'invoices', found.target);
  if (!document) throw new FixNotAutomaticError(`Xero document ${found.target} is gone: nothing to carry`);
  const ids = paymentIdsOf(document);
  if (!ids.length)
    throw new FixNotAutomaticError(
      `Xero document ${found.target} was settled by a credit note, prepayment or overpayment, not a payment: allocate it in X3`,
    );
  const integrationId = found.integration.id;
  await d.tx.run(tenantId, async (m) => {
    // the flow may have been switched off since the approval: refused then, nothing queued
    const scope = { integrationId, flowKey: (await xeroWritingFlow(m, integrationId, 'payment')).flowKey };
    await new PendingChanges().accept(
      m,
      tenantId,
      ids.map((sourceKey) => ({
        ...scope,
        entity: 'payment' as const,
        direction: 'xero-to-x3' as const,
        sourceKey,
        lane: LANES.interactive,
        source: null,
      })),
    );
    await requestDrain(d.jobs, tenantId, scope, LANES.interactive, m);
  });
  return ids.length;
}
