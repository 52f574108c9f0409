// Step 7 of a drain: each record of a sent batch settled with its own outcome, in one tenant
// transaction: a written record's cross-reference (Xero id, natural key, content hash, mapping
// version) commits with its settlement, and the records waiting on it are released.
import { EntityManager } from 'typeorm';
import { JobProducer } from '#lb/queues';
import { CrossReferences } from '../cross-references/cross-references.service';
import { requestDrain } from '../pending/drain-jobs';
import { PendingChanges, Settlement } from '../pending/pending-changes.service';
import type { SentRecord } from './batch-flight';
import type { DrainContext } from './drain-context';
import { waitingKeyOf } from './entity-plans';
import { lockWaitingKeys } from './resolve-writes';
import { forgetFlight, paymentSetSettlement, recordLandedParts, recordPaymentReference } from './payment-parts';
import { markMerged, mergeSettlement, queueRemainders, recordRemainders } from './draft-merges';
import { releaseShopWaits } from '../shop-intake/shop-waits';
import { copyOfXeroRow, isCopiedEntity, recordLedgerCopies } from '../ledger-copies/ledger-copies';

/**
 * Xero's words for a change it will not make to a locked period or a paid, allocated or voided
 * document: such a record needs an accountant, it is not a dead letter.
 */
export const NEEDS_AN_ACCOUNTANT =
  /lock date|locked period|not of valid status for modification|has been paid|payments? (?:is|are) allocated|allocated|voided|cannot be (?:edited|modified)/i;

export interface ApplyDeps {
  pending: PendingChanges;
  crossRefs: CrossReferences;
  jobs: JobProducer;
}

export interface Applied {
  written: number;
  dead: number;
  held: number;
}

function settlementOf(r: SentRecord, batchFailure: string | undefined): Settlement {
  const { flight, outcome } = r;
  if (r.parts) return paymentSetSettlement(flight, r.parts, batchFailure, NEEDS_AN_ACCOUNTANT);
  const mappingVersion = flight.inFlight.mappingVersion;
  // a posted invoice over its orders' drafts: a draft left undeleted is held (the invoice is written)
  if (r.merges && outcome?.status === 'ok' && outcome.xeroId) return mergeSettlement(r, r.merges, mappingVersion);
  if (outcome?.status === 'ok' && outcome.xeroId) {
    return {
      kind: 'done',
      outcome: {
        action: flight.inFlight.decision === 'update' ? 'updated' : 'created',
        targetId: outcome.xeroId,
        batchId: flight.batchId,
      },
      mappingVersion,
    };
  }
  const messages = outcome?.messages.length
    ? outcome.messages
    : [batchFailure ?? 'Xero reported no outcome for this record'];
  if (messages.some((msg) => NEEDS_AN_ACCOUNTANT.test(msg))) {
    return {
      kind: 'held',
      outcome: {
        messages,
        proposal: 'Xero will not change this document (locked period, or paid, allocated or voided): adjust it in Xero',
      },
      mappingVersion,
    };
  }
  return { kind: 'dead', error: 'refused by Xero', outcome: { messages }, mappingVersion };
}

export async function applyOutcomes(
  m: EntityManager,
  d: ApplyDeps,
  context: DrainContext,
  claimId: string,
  sent: SentRecord[],
  batchFailure?: string,
): Promise<Applied> {
  const integrationId = context.integration.id;
  const tenantId = context.integration.tenantId;
  const landed = sent.filter((r) => (r.parts ?? [r]).every((p) => p.outcome?.status === 'ok' && p.outcome.xeroId));
  const keys = landed.map((r) => waitingKeyOf({ entity: r.flight.inFlight.entity, key: r.flight.inFlight.x3Key }));
  await lockWaitingKeys(m, integrationId, keys);
  const applied: Applied = { written: 0, dead: 0, held: 0 };
  const releasable: string[] = [];
  let lane = Number.MAX_SAFE_INTEGER;
  for (const r of sent) {
    const settlement = settlementOf(r, batchFailure);
    // One savepoint per record: a record that cannot be recorded never fails the batch's others.
    await m.query('SAVEPOINT lb_drain_record');
    try {
      // a payment set whose remainder follows: it is mapped afresh, not resent as this batch
      if (settlement.kind === 'release') await forgetFlight(m, r.change, claimId);
      // a lost claim: the drain that holds the change now resumes the same batch and records it
      if (!(await d.pending.settle(m, r.change, claimId, settlement))) continue;
      const f = r.flight.inFlight;
      // a payment set's landed Payments are kept whatever became of the others
      if (r.parts) await recordLandedParts(m, context, f.x3Key, r.flight.batchId, r.parts);
      if (settlement.kind === 'done' && r.parts) {
        await recordPaymentReference(m, d.crossRefs, context, {
          x3Key: f.x3Key,
          contentHash: f.contentHash,
          naturalKey: f.naturalKey,
          mappingVersion: f.mappingVersion,
          xeroUpdatedAt: r.parts[0]?.outcome?.updatedAt,
        });
        // what waits on this payment (an allocation of its overpayment or prepayment) may go on
        releasable.push(waitingKeyOf({ entity: f.entity, key: f.x3Key }));
        lane = Math.min(lane, r.change.lane);
        applied.written++;
      } else if (
        settlement.kind === 'done' ||
        (settlement.kind === 'held' && r.merges && settlement.outcome.targetId)
      ) {
        await d.crossRefs.record(m, tenantId, {
          integrationId,
          entity: f.entity,
          x3Key: f.x3Key,
          xeroId: r.outcome!.xeroId,
          xeroNaturalKey: f.naturalKey,
          contentHash: f.contentHash,
          kind: 'write',
          mappingVersion: f.mappingVersion,
          xeroUpdatedAt: f.narrowed ? undefined : r.outcome!.updatedAt,
          x3Snapshot: f.x3Snapshot,
        });
        if (r.merges) {
          await markMerged(m, integrationId, f.x3Key, r.merges);
          await recordRemainders(m, d.crossRefs, context, r.merges);
          await queueRemainders(m, d, context, r.merges, r.change.lane);
        }
        releasable.push(waitingKeyOf({ entity: f.entity, key: f.x3Key }));
        lane = Math.min(lane, r.change.lane);
        applied.written++;
        if (settlement.kind === 'held') applied.held++;
      } else if (settlement.kind === 'held') applied.held++;
      else if (settlement.kind !== 'release') applied.dead++;
    } catch (e) {
      // e.g. Xero answered with the id of a record another X3 key is already linked to
      await m.query('ROLLBACK TO SAVEPOINT lb_drain_record');
      const message = e instanceof Error ? e.message : String(e);
      await d.pending.settle(m, r.change, claimId, {
        kind: 'held',
        outcome: {
          action: settlement.kind === 'done' ? settlement.outcome.action : undefined,
          targetId: r.outcome?.xeroId ?? undefined,
          messages: [`the write could not be recorded: ${message}`],
          proposal: 'Xero holds this record; check it is not linked to another X3 record, then replay',
        },
        mappingVersion: r.flight.inFlight.mappingVersion,
      });
      applied.held++;
    } finally {
      await m.query('RELEASE SAVEPOINT lb_drain_record').catch(() => undefined);
    }
  }
  // Xero's answer is the Xero side's copy for reconciliation (one upsert for the batch)
  const copies = landed.map((r) => {
    const { entity } = r.flight.inFlight;
    const summary = r.outcome?.summary;
    return summary && isCopiedEntity(entity) ? copyOfXeroRow(entity, summary) : null;
  });
  await recordLedgerCopies(m, tenantId, integrationId, copies);
  const flows = await d.pending.release(m, integrationId, releasable);
  // shop payments (shop-intake/) waiting on an invoice that is now in Xero
  await releaseShopWaits(m, d.jobs, tenantId, integrationId, releasable);
  for (const flowKey of flows) await requestDrain(d.jobs, tenantId, { integrationId, flowKey }, lane, m);
  return applied;
}
