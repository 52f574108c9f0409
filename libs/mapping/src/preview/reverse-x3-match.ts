// Where a record mapped from Xero would land in X3, per entity: the X3 record it would update,
// found with reads only (the X3 connector's get and list), or none (a create).
import { X3NotFoundError, X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { purchaseInvoiceEntityOf } from '../adapters/x3/x3-purchase-invoice';

type Row = Record<string, unknown>;

/** One mapped record: the Xero source it came from and the X3 payload it became. */
export interface MappedFromXero {
  source: Row;
  payload: Row;
}

export interface X3Match {
  targetId: string;
  current: X3Record;
}

/** index in `mapped` → the X3 record it matches. */
export type X3Matcher = (x3: X3Transport, mapped: MappedFromXero[]) => Promise<Map<number, X3Match>>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** A reference field as its key: X3 answers a code, or an object with one. */
function keyOf(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const row = value as Row;
    return text(row.code) ?? text(row._id) ?? text(row.id);
  }
  return text(value);
}

const idOf = (record: X3Record) => keyOf(record._id) ?? keyOf((record as Row).id) ?? '';

async function getOrNone(x3: X3Transport, entity: Parameters<X3Transport['get']>[0], id: string) {
  try {
    return await x3.get(entity, id);
  } catch (error) {
    if (error instanceof X3NotFoundError) return undefined;
    throw error;
  }
}

/** Each distinct key read once by get; the records found by key. */
async function byKeys(
  x3: X3Transport,
  entity: Parameters<X3Transport['get']>[0],
  keys: Array<string | undefined>,
): Promise<Map<string, X3Record>> {
  const found = new Map<string, X3Record>();
  for (const key of new Set(keys.filter((k): k is string => !!k))) {
    const record = await getOrNone(x3, entity, key);
    if (record) found.set(key, record);
  }
  return found;
}

function matchesBy(
  mapped: MappedFromXero[],
  keyFor: (m: MappedFromXero) => string | undefined,
  found: Map<string, X3Record>,
) {
  const matches = new Map<number, X3Match>();
  mapped.forEach((m, index) => {
    const key = keyFor(m);
    const current = key === undefined ? undefined : found.get(key);
    if (current) matches.set(index, { targetId: idOf(current) || key!, current });
  });
  return matches;
}

/** Customers and suppliers: the X3 code the payload carries (Xero ContactNumber). */
export function partyMatcher(entity: 'customer' | 'supplier'): X3Matcher {
  return async (x3, mapped) => {
    const code = (m: MappedFromXero) => text(m.payload.code);
    return matchesBy(mapped, code, await byKeys(x3, entity, mapped.map(code)));
  };
}

/**
 * Bills: our X3 key in the bill's Reference (how the forward flow writes it), else the X3
 * supplier invoice of the same supplier whose supplier document number (BPRVCR) is the bill's
 * InvoiceNumber, read by one filtered listing.
 */
export const billMatcher: X3Matcher = async (x3, mapped) => {
  const reference = (m: MappedFromXero) => text(m.source.reference);
  const matches = matchesBy(mapped, reference, await byKeys(x3, 'purchaseInvoice', mapped.map(reference)));
  const open = mapped
    .map((m, index) => ({
      index,
      supplier: keyOf(m.payload.billBySupplier),
      number: text(m.payload.supplierDocumentNumber),
    }))
    .filter((o) => !matches.has(o.index) && o.supplier && o.number);
  if (!open.length) return matches;
  const numbers = [...new Set(open.map((o) => o.number!))];
  const candidates: X3Record[] = [];
  const filter = `{supplierDocumentNumber:{_in:${JSON.stringify(numbers)}}}`;
  for await (const record of x3.list('purchaseInvoice', { filter })) candidates.push(record);
  for (const o of open) {
    const current = candidates.find(
      (c) => keyOf(c.billBySupplier) === o.supplier && text(c.supplierDocumentNumber) === o.number,
    );
    if (current) matches.set(o.index, { targetId: idOf(current), current });
  }
  return matches;
};

/**
 * Supplier credit notes, as the xero-credit-notes flow looks for them: an X3 credit memo (INVTYP
 * credit memo / credit note; an invoice of the same number is not it) of the same supplier whose
 * supplier document number (BPRVCR) is the CreditNoteNumber, read by one filtered listing; else the
 * memo whose own NUM is the CreditNoteNumber (a note our x3→xero flow wrote carries X3's NUM).
 */
export const creditNoteMatcher: X3Matcher = async (x3, mapped) => {
  const matches = new Map<number, X3Match>();
  const open = mapped
    .map((m, index) => ({ index, supplier: keyOf(m.payload.billBySupplier), number: text(m.source.creditNoteNumber) }))
    .filter((o): o is { index: number; supplier: string; number: string } => !!o.supplier && !!o.number);
  if (!open.length) return matches;
  const memo = (r: X3Record | undefined, supplier: string) =>
    r && purchaseInvoiceEntityOf(r) === 'creditNote' && keyOf(r.billBySupplier) === supplier ? r : undefined;
  const candidates: X3Record[] = [];
  const filter = `{supplierDocumentNumber:{_in:${JSON.stringify([...new Set(open.map((o) => o.number))])}}}`;
  for await (const record of x3.list('purchaseInvoice', { filter })) candidates.push(record);
  const byNumber = await byKeys(
    x3,
    'purchaseInvoice',
    open
      .filter((o) => !candidates.some((c) => memo(c, o.supplier) && c.supplierDocumentNumber === o.number))
      .map((o) => o.number),
  );
  for (const o of open) {
    const current =
      candidates.find((c) => memo(c, o.supplier) && text(c.supplierDocumentNumber) === o.number) ??
      memo(byNumber.get(o.number), o.supplier);
    if (current) matches.set(o.index, { targetId: idOf(current), current });
  }
  return matches;
};

/** Payments: our X3 key in the payment's Reference; otherwise a new X3 payment. */
export const paymentMatcher: X3Matcher = async (x3, mapped) => {
  const reference = (m: MappedFromXero) => text(m.source.reference);
  return matchesBy(mapped, reference, await byKeys(x3, 'payment', mapped.map(reference)));
};
