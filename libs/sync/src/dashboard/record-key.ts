/**
 * The record's own number in its source system, when the stored source carries one: the key a
 * finance user knows (SOHNUM, BPCNUM, NUM …; InvoiceNumber, ContactNumber … for Xero sources).
 * First match wins, in this order.
 */
export const RECORD_KEY_FIELDS = [
  'SOHNUM',
  'BPCNUM',
  'BPSNUM',
  'NUM',
  'ITMREF',
  'InvoiceNumber',
  'CreditNoteNumber',
  'PurchaseOrderNumber',
  'ContactNumber',
] as const;

/** The record key of a stored source record, or null (no source, or none of the fields). */
export function recordKeyOf(source: Record<string, unknown> | null | undefined): string | null {
  if (!source) return null;
  for (const field of RECORD_KEY_FIELDS) {
    const v = source[field];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return null;
}

/** SQL for the same, over a `source` jsonb column (qualified by `alias`). */
export function recordKeySql(alias: string): string {
  return `COALESCE(${RECORD_KEY_FIELDS.map((f) => `NULLIF(btrim(${alias}.source->>'${f}'), '')`).join(', ')})`;
}
