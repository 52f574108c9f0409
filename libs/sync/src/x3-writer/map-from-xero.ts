// The claimed changes' Xero records (as accepted, or fetched 50 ids per call) through the flow's
// xero-to-x3 mapping: each comes out mapped (with its canonical record), or settled at once.
import type { XeroOrg } from '#lb/connectors/xero';
import { AdapterContext, CanonicalRecord, CompiledMapping, runMapping, X3_ADAPTERS, XERO_ADAPTERS } from '#lb/mapping';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import { fetchByIds } from '../xero-intake/xero-fetch';
import type { XeroSource } from '../xero-intake/xero-resources';
import { isGdprRequest } from '../trail/intake-events';
import { currentTrail } from '../trail/run-trail';
import { refusalSettlement } from '../drain/mapping-refusal';

type Row = Record<string, unknown>;

export interface MappedChange {
  change: SyncPendingChange;
  record: Row;
  payload: Row;
  canonical: CanonicalRecord;
}

export interface Evaluated {
  mapped: MappedChange[];
  /** Changes already decided (not found, not this flow's, waiting, invalid). */
  settled: Array<{ change: SyncPendingChange; settlement: Settlement }>;
}

/** A lookup the mapping lacks → the waiting key its addition releases. */
const waitingKeyOf = (missing: { table: string; key: string[] }) => `mapping:${missing.table}:${missing.key.join('/')}`;

export async function mapFromXero(
  org: XeroOrg,
  source: XeroSource,
  compiled: CompiledMapping,
  ctx: AdapterContext,
  mappingVersion: number,
  changes: SyncPendingChange[],
): Promise<Evaluated> {
  const toFetch = changes.filter((c) => c.source === null).map((c) => c.sourceKey);
  const fetched = toFetch.length ? await fetchByIds(org, source, toFetch) : new Map<string, Row>();
  const out: Evaluated = { mapped: [], settled: [] };
  const settle = (change: SyncPendingChange, settlement: Settlement) => out.settled.push({ change, settlement });
  for (const change of changes) {
    const record = change.source ?? fetched.get(change.sourceKey.toLowerCase());
    if (!record) {
      settle(change, { kind: 'done', outcome: { action: 'skipped', messages: ['Not found in Xero (deleted?)'] } });
      continue;
    }
    if (isGdprRequest(record)) {
      // Xero marked the contact for erasure: not carried, and its trail and payloads are purged
      currentTrail()?.forget(change.sourceKey);
      settle(change, { kind: 'done', outcome: { action: 'skipped', messages: ['Xero GDPR request: not carried'] } });
      continue;
    }
    if (!source.belongs(record)) {
      settle(change, { kind: 'done', outcome: { action: 'skipped', messages: [`Not a ${compiled.entity} in Xero`] } });
      continue;
    }
    const outcome = await runMapping(compiled, record, {
      adapters: { x3: X3_ADAPTERS, xero: XERO_ADAPTERS },
      adapterContext: ctx,
      recordId: change.sourceKey,
    });
    switch (outcome.kind) {
      case 'mapped':
        out.mapped.push({ change, record, payload: outcome.payload, canonical: outcome.canonical });
        currentTrail()?.mapped(change.id, record, outcome.payload);
        break;
      case 'waiting':
        settle(change, { kind: 'waiting', waitingOn: waitingKeyOf(outcome.missing[0]), mappingVersion });
        break;
      case 'invalid':
        settle(change, refusalSettlement(change, outcome.errors, mappingVersion, 'The mapping refused the record'));
        break;
      case 'skipped':
        settle(change, { kind: 'done', outcome: { action: 'skipped', messages: [outcome.reason] }, mappingVersion });
        break;
    }
  }
  return out;
}
