// The flow's xero-to-x3 mapping run on one Xero Payment: the paid document's X3 key and business
// partner given (a Payment's Contact carries no ContactNumber, and the X3 document decides whose
// open item it is), the X3 bank and payment method from the mapping's lookups. Or how the
// Payment settles instead: waiting for a lookup entry, refused, skipped.
import { AdapterContext, CompiledMapping, Payment } from '#lb/mapping';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import { MappedDocument, mapXeroDocument } from './document-map';
import type { PaidDocument } from './payment-plan';

type Row = Record<string, unknown>;

/** The mapping's X3 payload (site, bank, payment method, accounting date, currency …). */
export type MappedPayment = MappedDocument<Payment>;

export function mapPayment(
  compiled: CompiledMapping,
  adapterContext: AdapterContext,
  item: { change: SyncPendingChange; row: Row; document: PaidDocument },
  partner: string,
  mappingVersion: number,
): Promise<MappedPayment | { settlement: Settlement }> {
  const { document } = item;
  const run = {
    adapterContext: {
      ...adapterContext,
      x3KeyOfXeroDocument: (id: string) => (id.toLowerCase() === document.xeroId ? document.x3Key : undefined),
      x3KeyOfXeroContact: () => partner,
    },
    change: item.change,
    mappingVersion,
  };
  return mapXeroDocument<Payment>(compiled, item.row, run, 'payment');
}
