// X3 documents for the drain's bill and credit-note proofs: suppliers, supplier invoices (PINVOICE)
// and sales credit memos (SINVOICE of type creditMemo) made through X3's own API (the sandbox's
// business code prices, taxes and rates them), read back as the drain reads them.
import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { createX3Transport, X3EntityName, X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { LANES } from '../../pending/lanes';
import { NewPendingChange, PendingChanges } from '../../pending/pending-changes.service';
import { DrainWorld, Pair, xeroList } from './drain-world';

type Json = Record<string, unknown>;

/** An X3 transport on the NZ10 company of the world's folder, for one piece of work. */
export async function withX3<T>(w: DrainWorld, work: (x3: X3Transport) => Promise<T>): Promise<T> {
  const a = w.folder.connectedApplication;
  const x3 = createX3Transport({
    baseUrl: w.sb.url,
    endpoint: w.folder.folder,
    companies: ['NZ10'],
    auth: { kind: 'jwt', ...a },
    allowPrivateTargets: true,
  });
  try {
    return await work(x3);
  } finally {
    x3.close();
  }
}

/** A code no other test of the folder uses (X3 partner codes are at most 15 characters). */
export const uniqueCode = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;

/** New X3 suppliers of the NZ legislation (tax rule NZL), invoicing in the given currency. */
export function newSuppliers(w: DrainWorld, currencies: string[]): Promise<string[]> {
  return withX3(w, async (x3) => {
    const codes: string[] = [];
    for (const currency of currencies) {
      const code = uniqueCode('SP');
      await x3.create('supplier', {
        code,
        companyName: `Drain supplier ${code}`,
        currency,
        taxRule: 'NZL',
        paymentTerm: 'CH30NETEOM',
        category: 'STD',
      });
      codes.push(code);
    }
    return codes;
  });
}

/** Creates X3 records of a node (each validated/posted when an action is given) and reads them back whole. */
export function createX3Documents(
  w: DrainWorld,
  node: X3EntityName,
  inputs: Json[],
  action?: 'validate' | 'post',
): Promise<X3Record[]> {
  return withX3(w, async (x3) => {
    const records: X3Record[] = [];
    for (const input of inputs) {
      const created = await x3.create(node, input);
      if (action) await x3.runAction(node, action, created._id);
      records.push(await x3.get(node, created._id));
    }
    return records;
  });
}

/** NZ10 supplier invoices, one per input; validated (AUTHORISED in Xero) unless told otherwise. */
export function newBills(w: DrainWorld, inputs: Json[], validate = true): Promise<X3Record[]> {
  const bills = inputs.map((i) => ({ site: 'NZ011', accountingDate: '2026-11-10', ...i }));
  return createX3Documents(w, 'purchaseInvoice', bills, validate ? 'validate' : undefined);
}

/** Validates an X3 supplier invoice (as an AP clerk would) and reads it back. */
export function validateBill(w: DrainWorld, id: string): Promise<X3Record> {
  return withX3(w, async (x3) => {
    await x3.runAction('purchaseInvoice', 'validate', id);
    return x3.get('purchaseInvoice', id);
  });
}

/** Xero's bills that carry one of these X3 keys in Reference. */
export async function billsIn(w: DrainWorld, pair: Pair, bills: X3Record[]): Promise<Json[]> {
  const keys = bills.map((b) => b._id);
  const all = await xeroList(w, pair, 'Invoices?pageSize=1000', 'Invoices');
  return all.filter((i) => keys.includes(String(i.Reference)));
}

/** Records of a node matching an X3 filter (e.g. `{reference:'SCMNZ0110004'}`). */
export function x3Find(w: DrainWorld, node: X3EntityName, filter: string): Promise<X3Record[]> {
  return withX3(w, async (x3) => {
    const found: X3Record[] = [];
    for await (const r of x3.list(node, { filter })) found.push(r);
    return found;
  });
}

/** The records as pending changes of a flow, as the poller would accept them. */
export async function acceptRecords(
  w: DrainWorld,
  pair: Pair,
  flowKey: string,
  entity: NewPendingChange['entity'],
  records: X3Record[],
): Promise<void> {
  const changes: NewPendingChange[] = records.map((r) => ({
    integrationId: pair.integrationId,
    flowKey,
    entity,
    direction: 'x3-to-xero',
    sourceKey: r._id,
    lane: LANES.polling,
    source: r,
  }));
  await w.h.tx.run(pair.tenantId, (m) => new PendingChanges().accept(m, pair.tenantId, changes));
}

/**
 * An amount as a 2-place decimal string. X3 sends decimal text; the sandbox's JSON numbers are
 * turned back into their shortest decimal text (exact for money) before any arithmetic.
 */
export const cents = (v: unknown): string => new Decimal(String(v)).toFixed(2);

/** Each X3 line's amount in the document's price basis: Xero's LineAmount must be exactly it. */
export function x3LineAmounts(record: X3Record): string[] {
  const field = record.priceBasis === 'includingTax' ? 'lineAmountIncludingTax' : 'lineAmountExcludingTax';
  return x3Lines(record).map((l) => cents(l[field]));
}

export const xeroLineAmounts = (doc: Json): string[] => xeroLines(doc).map((l) => cents(l.LineAmount));

/**
 * X3 taxes a document once per tax code (its footer), not per line. Per code: X3's footer amount
 * beside the sum of Xero's line TaxAmounts (lines pair up by position), which must be equal.
 */
export function taxPerCode(record: X3Record, doc: Json): Record<string, { x3: string; xero: string }> {
  const xeroLine = xeroLines(doc);
  const out: Record<string, { x3: string; xero: string }> = {};
  for (const f of (record.taxes as Json[] | undefined) ?? []) {
    out[String(f.taxCode)] = { x3: cents(f.taxAmount), xero: '0.00' };
  }
  x3Lines(record).forEach((l, i) => {
    const code = String(l.taxCode);
    const sum = new Decimal(out[code]?.xero ?? '0').plus(cents(xeroLine[i]?.TaxAmount ?? 0));
    out[code] = { x3: out[code]?.x3 ?? 'no footer', xero: sum.toFixed(2) };
  });
  return out;
}

/** What taxPerCode must show: per X3 footer code, Xero's line taxes adding up to exactly X3's amount. */
export const taxAsX3Says = (record: X3Record, doc: Json) =>
  Object.fromEntries(Object.entries(taxPerCode(record, doc)).map(([code, t]) => [code, { x3: t.x3, xero: t.x3 }]));

/**
 * How far each Xero line's tax is from the X3 line's own rounded tax (incl. − excl.): the footer's
 * share may move a line by a cent at most, never more.
 */
export function lineTaxDrift(record: X3Record, doc: Json): string[] {
  const xeroLine = xeroLines(doc);
  return x3Lines(record).map((l, i) => {
    const own = new Decimal(String(l.lineAmountIncludingTax)).minus(String(l.lineAmountExcludingTax));
    return new Decimal(cents(xeroLine[i]?.TaxAmount ?? 0)).minus(own).abs().toFixed(2);
  });
}

const x3Lines = (record: X3Record) => (record.lines as Json[] | undefined) ?? [];
export const xeroLines = (doc: Json) => (doc.LineItems as Json[] | undefined) ?? [];

/** The base-currency amount Xero books for a foreign document: Total / CurrencyRate, to the cent. */
export const bookedInBase = (doc: Json): string =>
  new Decimal(cents(doc.Total)).div(String(doc.CurrencyRate)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

export const x3Totals = (r: X3Record) => ({
  subTotal: cents(r.totalAmountExcludingTax),
  totalTax: cents(r.totalTaxAmount),
  total: cents(r.totalAmountIncludingTax),
});

export const xeroTotals = (d: Json) => ({
  subTotal: cents(d.SubTotal),
  totalTax: cents(d.TotalTax),
  total: cents(d.Total),
});

/** Xero's contacts carrying one of these X3 codes as ContactNumber. */
export async function contactsNumbered(w: DrainWorld, pair: Pair, codes: string[]): Promise<Json[]> {
  const all = await xeroList(w, pair, 'Contacts?pageSize=1000', 'Contacts');
  return all.filter((c) => codes.includes(String(c.ContactNumber)));
}

/**
 * A Xero document's figures beside its X3 source's (figuresOfX3 is what they must be): date,
 * currency, basis, line amounts, tax per X3 footer code, lines taxed over a cent from their own tax.
 */
export function figuresInXero(record: X3Record, x: Json) {
  return {
    date: String(x.DateString).slice(0, 10),
    currency: x.CurrencyCode,
    lineAmountTypes: x.LineAmountTypes,
    lines: xeroLineAmounts(x),
    taxPerCode: taxPerCode(record, x),
    linesTaxedOverACentAway: lineTaxDrift(record, x).filter((d) => new Decimal(d).gt('0.01')),
    totals: xeroTotals(x),
  };
}

export function figuresOfX3(record: X3Record, x: Json): ReturnType<typeof figuresInXero> {
  return {
    date: String(record.accountingDate),
    currency: record.currency,
    lineAmountTypes: record.priceBasis === 'includingTax' ? 'Inclusive' : 'Exclusive',
    lines: x3LineAmounts(record),
    taxPerCode: taxAsX3Says(record, x),
    linesTaxedOverACentAway: [],
    totals: x3Totals(record),
  };
}
