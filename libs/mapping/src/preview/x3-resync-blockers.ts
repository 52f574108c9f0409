// Which existing X3 records a xero-to-x3 resync must leave alone, and why. X3 never lets a posted
// document be changed: a validated supplier invoice or credit memo (PINVOICE STA 3) is in the ledger, one with
// payments against it is settled (PAYCUR), a payment (PAYMENTH) is entered once and only ever
// reversed, and an inactive business partner (BPCSTA / BPSSTA) is closed.
import type { CanonicalEntity } from '../canonical';
import type { ResyncSkipReason } from './preview-types';

type Row = Record<string, unknown>;

const positive = (v: unknown) => (typeof v === 'number' && v > 0) || (typeof v === 'string' && Number(v) > 0);
const inactive = (v: unknown) => v === false || v === 'false' || v === 'inactive';

export function x3BlockerOf(
  entity: CanonicalEntity,
  current: Row,
): { reason: ResyncSkipReason; detail: string } | undefined {
  switch (entity) {
    case 'bill':
    case 'creditNote':
      if (positive(current.paidAmount)) {
        return {
          reason: 'paid',
          detail: `Paid ${String(current.paidAmount)} in X3: payments are matched to it`,
        };
      }
      if (current.status === 'validated') {
        return { reason: 'posted', detail: 'Validated in X3 (STA Validated): posted to the ledger' };
      }
      return undefined;
    case 'payment': {
      const status = typeof current.status === 'string' ? current.status : 'entered';
      return {
        reason: 'posted',
        detail: `Entered in X3 (status ${status}): a payment is never changed, only reversed`,
      };
    }
    case 'customer':
    case 'supplier':
      return inactive(current.isActive) ? { reason: 'closed', detail: `Inactive ${entity} in X3` } : undefined;
    default:
      return undefined;
  }
}
