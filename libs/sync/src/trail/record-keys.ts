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

/**
 * The same rule in SQL over a pending change row (`alias` with direction, source_key and a jsonb
 * source): the dashboard's records list links each row to its trail by this key.
 */
export function recordKeySql(alias: string): string {
  const field = (f: string) => `NULLIF(btrim(${alias}.source->>'${f}'), '')`;
  const xero = XERO_KEYS.map(field).join(', ');
  const x3 = ['_id', 'code', 'number'].map(field).join(', ');
  return `left(CASE WHEN ${alias}.direction = 'xero-to-x3' THEN COALESCE(${xero}, ${alias}.source_key)
    ELSE COALESCE(${x3}, ${alias}.source_key) END, ${MAX_KEY})`;
}

/** Lane → how the change came in (pending/lanes.ts). */
export function intakeOfLane(lane: number): string {
  return ['interactive', 'webhook', 'poll', 'backfill'][lane] ?? 'poll';
}
