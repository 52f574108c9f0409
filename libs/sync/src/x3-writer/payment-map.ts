// The flow's xero-to-x3 mapping run on one Xero Payment: the paid document's X3 key and business
// partner given (a Payment's Contact carries no ContactNumber, and the X3 document decides whose
// open item it is), the X3 bank and payment method from the mapping's lookups. Or how the
// Payment settles instead: waiting for a lookup entry, refused, skipped.
import { AdapterContext, CompiledMapping, Payment, runMapping, X3_ADAPTERS, XERO_ADAPTERS } from '#lb/mapping';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import type { PaidDocument } from './payment-plan';

type Row = Record<string, unknown>;

export interface MappedPayment {
  /** The mapping's X3 payload (site, bank, payment method, accounting date, currency …). */
  payload: Row;
  canonical: Payment;
}

export async function mapPayment(
  compiled: CompiledMapping,
  adapterContext: AdapterContext,
  item: { change: SyncPendingChange; row: Row; document: PaidDocument },
  partner: string,
  mappingVersion: number,
): Promise<MappedPayment | { settlement: Settlement }> {
  const { document } = item;
  const outcome = await runMapping(compiled, item.row, {
    adapters: { x3: X3_ADAPTERS, xero: XERO_ADAPTERS },
    adapterContext: {
      ...adapterContext,
      x3KeyOfXeroDocument: (id) => (id.toLowerCase() === document.xeroId ? document.x3Key : undefined),
      x3KeyOfXeroContact: () => partner,
    },
    recordId: item.change.sourceKey,
  }).catch((error: unknown) => ({
    kind: 'invalid' as const,
    errors: [{ field: 'mapping', message: error instanceof Error ? error.message : String(error) }],
  }));
  switch (outcome.kind) {
    case 'mapped':
      return { payload: outcome.payload, canonical: outcome.canonical as Payment };
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
        settlement: {
          kind: 'dead',
          error: 'The mapping refused the payment',
          outcome: { messages: outcome.errors.map((e) => `${e.field}: ${e.message}`) },
          mappingVersion,
        },
      };
  }
}
