// Validation before any write: Xero's field rules, currency and tax consistency, lock dates;
// xero-to-x3, what X3 refuses (x3-payload-rules.ts).
// Each failure names the field and the rule; run-mapping adds the record.
import type { MappingDirection } from '../../adapters/adapter-contract';
import type { CanonicalRecord } from '../../canonical';
import type { MappingRunContext, RecordError } from '../run/outcome';
import { currencyErrors, lockDateErrors, totalsErrors } from './xero-consistency';
import { xeroFieldErrors } from './xero-field-rules';
import { paymentSetErrors } from './xero-payment-rules';
import { x3PayloadErrors } from './x3-payload-rules';

export function validatePayload(
  direction: MappingDirection,
  canonical: CanonicalRecord,
  payload: Record<string, unknown>,
  context: Pick<MappingRunContext, 'adapterContext' | 'lockDates'>,
): Omit<RecordError, 'record'>[] {
  if (direction === 'xero-to-x3') return x3PayloadErrors(canonical.entity, payload, context.adapterContext);
  const { baseCurrency, currencyDecimals } = context.adapterContext;
  if (canonical.entity === 'payment') {
    return [
      ...paymentSetErrors(payload, canonical, baseCurrency, currencyDecimals),
      ...lockDateErrors(payload, canonical, context.lockDates),
    ];
  }
  return [
    ...xeroFieldErrors(canonical.entity, payload),
    ...currencyErrors(payload, canonical, baseCurrency),
    ...totalsErrors(payload, canonical),
    ...lockDateErrors(payload, canonical, context.lockDates),
  ];
}
