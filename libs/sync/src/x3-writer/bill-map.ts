// The flow's xero-to-x3 mapping run on one Xero bill: the X3 supplier invoice payload (site, each
// line's product and tax code from the mapping's lookups), or how the bill settles instead:
// waiting for a lookup entry, refused before any write, skipped.
import { AdapterContext, Bill, CompiledMapping } from '#lb/mapping';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import { MappedDocument, mapXeroDocument } from './document-map';

type Row = Record<string, unknown>;

/** The mapping's X3 payload (site, supplier, dates, currency, lines with product and tax code). */
export type MappedBill = MappedDocument<Bill>;

export function mapBill(
  compiled: CompiledMapping,
  adapterContext: AdapterContext,
  item: { change: SyncPendingChange; row: Row; supplier: string },
  mappingVersion: number,
): Promise<MappedBill | { settlement: Settlement }> {
  const run = {
    adapterContext: { ...adapterContext, x3KeyOfXeroContact: () => item.supplier },
    recordId: item.change.sourceKey,
    mappingVersion,
  };
  return mapXeroDocument<Bill>(compiled, item.row, run, 'bill');
}
