// Step 3 of a drain: each claimed change mapped with the flow's mapping version, or settled at
// once (dead, waiting for a mapping entry, skipped, held for a lock date). A mapping that throws
// or runs away is that record's dead letter; the others go on.
import { X3Error, X3Record } from '#lb/connectors/sage-x3';
import {
  CanonicalRecord,
  MappingOutcome,
  MappingRunContext,
  purchaseInvoiceEntityOf,
  runMapping,
  salesInvoiceEntityOf,
  X3_ADAPTERS,
} from '#lb/mapping';
import { jitteredExponentialDelay } from '#lb/queues';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import type { Compiled, OrgFacts } from './drain-caches';
import type { DrainContext } from './drain-context';
import { readCreditNote } from './credit-allocations';
import { DRAIN_XERO_ADAPTERS } from './payment-sets';
import { isApprovedDeletion, voidableEntity, voidProposal } from './void-deletions';
import { deliverySource, draftsDeliveries, sourceNodeOf } from './order-drafts';
import { orderSource } from './order-remainders';
import { currentTrail } from '../trail/run-trail';
import { refusalSettlement } from './mapping-refusal';

type Row = Record<string, unknown>;

export type Verdict =
  /** `copy`: the X3 record as read, kept for reconciliation though it is not written (a lookup wait). */
  | { change: SyncPendingChange; kind: 'settle'; settlement: Settlement; copy?: CanonicalRecord }
  | {
      change: SyncPendingChange;
      kind: 'mapped';
      record: CanonicalRecord;
      payload: Row;
      /** Settled so, not written, unless its cross-reference settles it first (an order wholly invoiced). */
      instead?: Extract<Settlement, { kind: 'done' }>;
      /** The X3 record as read (both-ways parties keep it as their snapshot: both-ways-delta.ts). */
      source?: Row;
    };

/** A deletion an admin approved voiding in Xero (void-deletions.ts): no mapping, no batch. */
export interface ApprovedDeletion {
  change: SyncPendingChange;
  kind: 'void';
}

export interface MapDeps {
  context: DrainContext;
  compiled: Compiled;
  facts: OrgFacts;
  /** Reads the current X3 record by key (a change whose source is null: replays, prerequisite pulls). */
  readX3: (x3Entity: string, key: string) => Promise<X3Record>;
  /** Reads many by key in few calls (readByIds); what it does not return is read with readX3. */
  readManyX3?: (x3Entity: string, keys: string[]) => Promise<Map<string, X3Record>>;
}

/**
 * The claim's records to re-read, read together up front. A failure here is not the records'
 * own: each is then read alone, and a failure of that read settles it (readFailure).
 */
async function prefetchSources(changes: SyncPendingChange[], d: MapDeps): Promise<Map<string, X3Record>> {
  const keys = changes.filter((c) => !c.source).map((c) => c.sourceKey);
  if (!d.readManyX3 || keys.length < 2 || d.context.entity === 'creditNote') return new Map();
  try {
    return await d.readManyX3(sourceNodeOf(d.context, X3_ADAPTERS[d.context.entity].x3Entity), keys);
  } catch {
    return new Map();
  }
}

// payments name their documents by placeholders the resolve step fills (payment-sets.ts)
const ADAPTERS = { x3: X3_ADAPTERS, xero: DRAIN_XERO_ADAPTERS };

/** What a held change proposes to an accountant, from the mapping's lock-date message. */
function lockDateProposal(message: string, facts: OrgFacts): string {
  return `${message}: post it in Xero dated after ${facts.lockDate ?? 'the lock date'}, or ask the adviser to move the lock date`;
}

/** X3 keeps invoices and credit memos in one node: a record the adapters classify otherwise is not this flow's. */
function belongsToFlow(context: DrainContext, source: Row): boolean {
  const node = X3_ADAPTERS[context.entity]?.x3Entity;
  if (node === 'salesInvoice') return salesInvoiceEntityOf(source) === context.entity;
  if (node === 'purchaseInvoice') return purchaseInvoiceEntityOf(source) === context.entity;
  return true;
}

/** How the drain runs a flow's mapping on one X3 record. */
export function mappingRunOf(d: Pick<MapDeps, 'context' | 'facts'>, recordId: string): MappingRunContext {
  return {
    adapters: ADAPTERS,
    adapterContext: {
      baseCurrency: d.facts.baseCurrency,
      x3Company: d.context.integration.x3Company,
      xeroTimeZone: d.facts.timeZone,
    },
    lockDates: d.facts.lockDates,
    recordId,
  };
}

/** The verdict for one outcome of the engine. */
export function verdictOf(change: SyncPendingChange, outcome: MappingOutcome, d: MapDeps): Verdict {
  const mappingVersion = d.context.mapping.version;
  const settle = (settlement: Settlement): Verdict => ({ change, kind: 'settle', settlement });
  switch (outcome.kind) {
    case 'skipped':
      return settle({ kind: 'done', outcome: { action: 'skipped', messages: [outcome.reason] }, mappingVersion });
    case 'waiting': {
      const first = outcome.missing[0];
      // An awaited record of the other system is a record prerequisite; else a lookup entry.
      const waitingOn =
        first.table === 'cross-reference'
          ? `${first.key[0]}:${first.key[1]}`
          : `mapping:${first.table}:${first.key.join('|')}`;
      // a record waiting for a lookup entry still has its X3 copy kept: reconciliation shows it unmapped
      const waiting: Verdict = { change, kind: 'settle', settlement: { kind: 'waiting', waitingOn, mappingVersion } };
      return outcome.canonical ? { ...waiting, copy: outcome.canonical } : waiting;
    }
    case 'invalid': {
      const lock = outcome.errors.find((e) => e.rule === 'lock-date');
      if (lock) {
        return settle({
          kind: 'held',
          outcome: { messages: [lock.message], proposal: lockDateProposal(lock.message, d.facts) },
          mappingVersion,
        });
      }
      return settle(refusalSettlement(change, outcome.errors, mappingVersion, 'refused by the mapping'));
    }
    case 'mapped': {
      const cutOver = d.context.options.cutOverDate;
      const date = (outcome.canonical as { date?: string }).date;
      if (cutOver && date && date < cutOver) {
        return settle({
          kind: 'done',
          outcome: { action: 'skipped', messages: [`dated ${date}, before the cut-over date ${cutOver}`] },
          mappingVersion,
        });
      }
      return { change, kind: 'mapped', record: outcome.canonical, payload: outcome.payload };
    }
  }
}

/** A re-read that failed: gone from X3, or X3 could not answer now. */
function readFailure(change: SyncPendingChange, error: unknown): Verdict {
  const settle = (settlement: Settlement): Verdict => ({ change, kind: 'settle', settlement });
  if (error instanceof X3Error && error.kind === 'not-found') {
    return settle({ kind: 'done', outcome: { action: 'skipped', messages: ['no longer in X3'] } });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof X3Error && error.kind === 'configuration') {
    return settle({ kind: 'dead', error: message, outcome: { messages: [message] } });
  }
  return settle({
    kind: 'retry',
    error: `X3 read: ${message}`,
    delayMs: jitteredExponentialDelay(change.attempts + 1),
  });
}

export async function mapChanges(changes: SyncPendingChange[], d: MapDeps): Promise<Array<Verdict | ApprovedDeletion>> {
  const verdicts: Array<Verdict | ApprovedDeletion> = [];
  const mappingVersion = d.context.mapping.version;
  const prefetched = await prefetchSources(changes, d);
  for (const change of changes) {
    if (!d.compiled.ok) {
      verdicts.push({
        change,
        kind: 'settle',
        settlement: {
          kind: 'dead',
          error: 'the mapping does not compile',
          outcome: { messages: [d.compiled.error] },
          mappingVersion,
        },
      });
      continue;
    }
    let source = change.source ?? prefetched.get(change.sourceKey) ?? null;
    if (!source) {
      try {
        source =
          d.context.entity === 'creditNote'
            ? await readCreditNote(d.readX3, change.sourceKey)
            : await d.readX3(sourceNodeOf(d.context, X3_ADAPTERS[d.context.entity].x3Entity), change.sourceKey);
      } catch (e) {
        verdicts.push(readFailure(change, e));
        continue;
      }
    }
    if (source._deleted === true) {
      // deletions default to "flag": listed for review, never voided or archived without approval
      const voiding = d.context.flow.options?.deletions === 'void-with-approval' && voidableEntity(d.context.entity);
      if (voiding && isApprovedDeletion(source)) {
        verdicts.push({ change, kind: 'void' });
        continue;
      }
      verdicts.push({
        change,
        kind: 'settle',
        settlement: voiding
          ? voidProposal(d.context.entity, change.sourceKey, mappingVersion)
          : {
              kind: 'done',
              outcome: { action: 'flagged', messages: ['deleted in X3: left in Xero for review'] },
            },
      });
      continue;
    }
    if (draftsDeliveries(d.context)) {
      // an orders flow drafting on shipment: the delivery is mapped as the part of its order it ships
      try {
        const shipped = await deliverySource(source, d.readX3);
        if ('settlement' in shipped) {
          verdicts.push({ change, kind: 'settle', settlement: shipped.settlement });
          continue;
        }
        source = shipped.source;
      } catch (e) {
        verdicts.push(readFailure(change, e));
        continue;
      }
    }
    let instead: Extract<Settlement, { kind: 'done' }> | undefined;
    if (d.context.entity === 'salesOrder' && !draftsDeliveries(d.context)) {
      // an order drafted on entry: once X3 invoices part of it, its draft is the remainder
      try {
        const left = await orderSource(source, d.readX3);
        if ('settlement' in left) {
          verdicts.push({ change, kind: 'settle', settlement: left.settlement });
          continue;
        }
        ({ source, instead } = left);
      } catch (e) {
        verdicts.push(readFailure(change, e));
        continue;
      }
    }
    if (!belongsToFlow(d.context, source)) {
      verdicts.push({
        change,
        kind: 'settle',
        settlement: { kind: 'done', outcome: { action: 'skipped', messages: [`not a ${d.context.entity}`] } },
      });
      continue;
    }
    try {
      const outcome = await runMapping(d.compiled.mapping, source, mappingRunOf(d, change.sourceKey));
      const verdict = verdictOf(change, outcome, d);
      if (verdict.kind === 'mapped') currentTrail()?.mapped(change.id, source, verdict.payload);
      // the record as read goes along: a both-ways party keeps it as its snapshot (both-ways-delta.ts)
      verdicts.push(verdict.kind === 'mapped' ? { ...verdict, source, ...(instead ? { instead } : {}) } : verdict);
    } catch (e) {
      // a mapping that throws (or hits the expression limits) fails this record only
      const message = e instanceof Error ? e.message : String(e);
      verdicts.push({
        change,
        kind: 'settle',
        settlement: { kind: 'dead', error: 'the mapping failed', outcome: { messages: [message] }, mappingVersion },
      });
    }
  }
  return verdicts;
}
