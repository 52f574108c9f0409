// The flow's xero-to-x3 mapping run on one Xero bill: the X3 supplier invoice payload (site, each
// line's product and tax code from the mapping's lookups), or how the bill settles instead:
// waiting for a lookup entry, refused before any write, skipped.
import { AdapterContext, Bill, CompiledMapping, runMapping, X3_ADAPTERS, XERO_ADAPTERS } from '#lb/mapping';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';

type Row = Record<string, unknown>;

export interface MappedBill {
  /** The mapping's X3 payload (site, supplier, dates, currency, lines with product and tax code). */
  payload: Row;
  canonical: Bill;
}

export async function mapBill(
  compiled: CompiledMapping,
  adapterContext: AdapterContext,
  item: { change: SyncPendingChange; row: Row; supplier: string },
  mappingVersion: number,
): Promise<MappedBill | { settlement: Settlement }> {
  const outcome = await runMapping(compiled, item.row, {
    adapters: { x3: X3_ADAPTERS, xero: XERO_ADAPTERS },
    adapterContext: { ...adapterContext, x3KeyOfXeroContact: () => item.supplier },
    recordId: item.change.sourceKey,
  }).catch((error: unknown) => ({
    kind: 'invalid' as const,
    errors: [{ field: 'mapping', message: error instanceof Error ? error.message : String(error) }],
  }));
  switch (outcome.kind) {
    case 'mapped':
      return { payload: outcome.payload, canonical: outcome.canonical as Bill };
    case 'waiting': {
      const missing = outcome.missing[0];
      return {
        settlement: { kind: 'waiting', waitingOn: `mapping:${missing.table}:${missing.key.join('/')}`, mappingVersion },
      };
    }
    case 'skipped':
      return {
        settlement: { kind: 'done', outcome: { action: 'skipped', messages: [outcome.reason] }, mappingVersion },
      };
    default:
      return {
        settlement: {
          kind: 'dead',
          error: 'The mapping refused the bill',
          outcome: { messages: outcome.errors.map((e) => `${e.field}: ${e.message}`) },
          mappingVersion,
        },
      };
  }
}
