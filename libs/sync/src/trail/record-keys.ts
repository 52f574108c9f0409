// A record's human key for the trail: the number a person would type to find it. X3 records are
// keyed by their own natural key (`_id` is SOHNUM, BPCNUM, NUM …: the source key); a Xero record by
// its number or name (InvoiceNumber, CreditNoteNumber, ContactNumber, Name …), its id otherwise.

const XERO_KEYS = [
  'InvoiceNumber',
  'CreditNoteNumber',
  'PurchaseOrderNumber',
  'ContactNumber',
  'Name',
  'Reference',
] as const;

/** At most this long: a key is an index entry, not a document. */
const MAX_KEY = 200;

export function recordKeyOf(direction: string, sourceKey: string, source: Record<string, unknown> | null): string {
  if (direction === 'xero-to-x3' && source) {
    for (const field of XERO_KEYS) {
      const v = source[field];
      if (typeof v === 'string' && v.trim()) return v.trim().slice(0, MAX_KEY);
    }
  }
  if (source && direction !== 'xero-to-x3') {
    const id = source._id ?? source.code ?? source.number;
    if (typeof id === 'string' && id.trim()) return id.trim().slice(0, MAX_KEY);
  }
  return sourceKey.slice(0, MAX_KEY);
}

/** Lane → how the change came in (pending/lanes.ts). */
export function intakeOfLane(lane: number): string {
  return ['interactive', 'webhook', 'poll', 'backfill'][lane] ?? 'poll';
}
