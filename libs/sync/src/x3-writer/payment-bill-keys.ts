// The waiting key of a payment whose bill is not linked yet: `bill:<X3 key>`, the key the bills
// flow releases when it records the link. The bills flow writes X3's key as the bill's Reference;
// a Payment's Invoice summary carries no Reference, so the bills are read (50 ids per call).
import type { XeroOrg } from '#lb/connectors/xero';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import { fetchByIds } from '../xero-intake/xero-fetch';
import { XERO_SOURCES } from '../xero-intake/xero-resources';
import { settlementOfXeroFailure } from './xero-read-failure';

type Item = { change: SyncPendingChange; settlement: Settlement };

const BY_XERO_ID = /^bill:([0-9a-f-]{36})$/;

/** Waits on `bill:<Xero id>` turned into `bill:<X3 key>` where the bill's Reference gives it. */
export async function keyBillWaits(org: () => Promise<XeroOrg>, decided: Item[]): Promise<Item[]> {
  const waits = decided.filter((i) => i.settlement.kind === 'waiting' && BY_XERO_ID.test(i.settlement.waitingOn));
  if (!waits.length) return decided;
  const idOf = (i: Item) => (i.settlement.kind === 'waiting' ? BY_XERO_ID.exec(i.settlement.waitingOn)![1] : '');
  let bills: Map<string, Record<string, unknown>>;
  try {
    bills = await fetchByIds(await org(), XERO_SOURCES.bill!, waits.map(idOf));
  } catch (error) {
    // not read now: the payment is looked at again (rate limit: when the limiter allows)
    return decided.map((i) =>
      waits.includes(i) ? { ...i, settlement: settlementOfXeroFailure(error, i.change.attempts) } : i,
    );
  }
  return decided.map((i) => {
    if (!waits.includes(i) || i.settlement.kind !== 'waiting') return i;
    const bill = bills.get(idOf(i));
    const reference = bill?.type === 'ACCPAY' && typeof bill.reference === 'string' ? bill.reference.trim() : '';
    return reference ? { ...i, settlement: { ...i.settlement, waitingOn: `bill:${reference}` } } : i;
  });
}
