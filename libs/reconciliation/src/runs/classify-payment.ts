// How one payment key's copies differ (X3 payment NUM = the Xero Payment's Reference, or the X3 key
// a linked Xero payment shares). A missing side is carried through the sync like a document; Xero
// never lets a payment be edited, so any other difference is for an accountant: the wrong payment
// is deleted in Xero (or reversed in X3) and the right one keyed or carried again.
import { toDec } from '#lb/mapping';
import { ROUNDING_TOLERANCE } from '../ledger/compare-ledgers';
import type { Classified, SideValues } from './classify';

const gone = (s: string | null) => s === 'deleted' || s === 'voided';

function amountApart(a: SideValues, b: SideValues): string | null {
  try {
    const by = toDec(a.total ?? '').minus(toDec(b.total ?? ''));
    return by.isZero() ? null : by.toFixed();
  } catch {
    return null;
  }
}

/** The payment's difference, or null when both sides agree. Duplicates are classified by the caller. */
export function classifyPayment(a: SideValues | undefined, b: SideValues | undefined): Classified | null {
  if (a && !b)
    return {
      differenceClass: 'missingInXero',
      likelyCause: 'the X3 payment never reached Xero (its flow off, held, or waiting for its document)',
      fix: { action: 'resend-x3', target: a.recordKey, description: 'send the X3 payment to Xero through the sync' },
    };
  if (!a && b)
    return {
      differenceClass: 'missingInX3',
      likelyCause: 'the payment was keyed in Xero and not carried to X3',
      fix: {
        action: 'create-in-x3',
        target: b.recordKey,
        description: 'carry the Xero payment to X3 through the sync',
      },
    };
  if (!a || !b) return null;
  const forAccountant = (description: string) => ({ action: 'none' as const, description });
  if (a.currency && b.currency && a.currency !== b.currency)
    return {
      differenceClass: 'currency',
      likelyCause: `X3 says ${a.currency}, Xero ${b.currency}`,
      fix: forAccountant('Xero payments cannot be edited: delete the Xero payment and key it again in its currency'),
    };
  if (gone(a.status) !== gone(b.status))
    return {
      differenceClass: 'status',
      likelyCause: `X3 says ${a.status}, Xero ${b.status}: the payment was removed on one side only`,
      fix: forAccountant(
        gone(b.status)
          ? 'deleted in Xero: key it again there, or reverse it in X3 if it was wrong'
          : 'removed in X3: delete it in Xero too',
      ),
    };
  const apart = amountApart(a, b);
  if (apart) {
    const rounding = toDec(apart).abs().lte(ROUNDING_TOLERANCE);
    return {
      differenceClass: rounding ? 'rounding' : 'amount',
      likelyCause: `the amount differs by ${apart}`,
      fix: forAccountant('Xero payments cannot be edited: delete the Xero payment and key the right amount'),
    };
  }
  return null;
}
