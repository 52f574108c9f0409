// The flow's xero-to-x3 mapping run on one Xero document (a bill, a payment): its X3 payload and
// canonical record, or how the document settles instead: waiting for a lookup entry
// (`mapping:<table>:<key>`), refused before any write, skipped.
import { AdapterContext, CompiledMapping, runMapping, X3_ADAPTERS, XERO_ADAPTERS } from '#lb/mapping';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import { refusalSettlement } from '../drain/mapping-refusal';
import { currentTrail } from '../trail/run-trail';

type Row = Record<string, unknown>;

export interface MappedDocument<T> {
  payload: Row;
  canonical: T;
}

export async function mapXeroDocument<T>(
  compiled: CompiledMapping,
  row: Row,
  run: { adapterContext: AdapterContext; change: SyncPendingChange; mappingVersion: number },
  /** What the refusal names: 'bill', 'payment'. */
  noun: string,
): Promise<MappedDocument<T> | { settlement: Settlement }> {
  const { mappingVersion } = run;
  const outcome = await runMapping(compiled, row, {
    adapters: { x3: X3_ADAPTERS, xero: XERO_ADAPTERS },
    adapterContext: run.adapterContext,
    recordId: run.change.sourceKey,
  }).catch((error: unknown) => ({
    kind: 'invalid' as const,
    errors: [{ field: 'mapping', message: error instanceof Error ? error.message : String(error) }],
  }));
  switch (outcome.kind) {
    case 'mapped':
      // the record trail shows what was read and what it became, as for every other flow
      currentTrail()?.mapped(run.change.id, row, outcome.payload);
      return { payload: outcome.payload, canonical: outcome.canonical as T };
    case 'waiting': {
      const missing = outcome.missing[0];
      const waitingOn = `mapping:${missing.table}:${missing.key.join('/')}`;
      return { settlement: { kind: 'waiting', waitingOn, mappingVersion } };
    }
    case 'skipped':
      return {
        settlement: { kind: 'done', outcome: { action: 'skipped', messages: [outcome.reason] }, mappingVersion },
      };
    default:
      return {
        settlement: refusalSettlement(run.change, outcome.errors, mappingVersion, `The mapping refused the ${noun}`),
      };
  }
}
