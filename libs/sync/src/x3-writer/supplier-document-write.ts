// What the xero-to-x3 supplier document flows (bills, supplier credit notes) do alike in writing one
// document to X3 as a PINVOICE through X3's API, then validating it: BPR = the linked supplier's X3
// code, BPRVCR = the document's number, lines and tax codes from the mapping, Xero's rate for a
// foreign one. PINVOICE has no free reference field, so the supplier and its document number are the
// key: before creating, X3 is searched for them (each flow its own way), and a resend after a crash
// or an unknown outcome links what the first attempt made instead of a second. Each flow names its
// kind (SupplierDocumentKind): the X3 adapter entity, its wording, what its create adds.
import Decimal from 'decimal.js';
import { X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { AdapterContext, Bill, CompiledMapping, CreditNote, X3_ADAPTERS } from '#lb/mapping';
import { canonicalContentHash } from '../hash/content-hash';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import type { CarryResult } from './claim-carry';
import { mapXeroDocument } from './document-map';
import { refKeyOf } from './payment-write';
import type { SupplierDocumentWording } from './supplier-document-plan';
import { settlementOfX3Failure } from './x3-failures';

type Row = Record<string, unknown>;

export interface SupplierDocumentWriteContext {
  x3: X3Transport;
  compiled: CompiledMapping;
  /** The X3 company's ledger currency (and the adapters' base currency). */
  adapterContext: AdapterContext;
  mappingVersion: number;
}

/** A Xero supplier document (as JSON) to carry: its linked X3 supplier and the supplier's number. */
export interface SupplierDocumentToCarry {
  change: SyncPendingChange;
  row: Row;
  supplier: string;
  number: string;
}

/** A supplier document already linked to an X3 one: compared with it, never written again. */
export interface LinkedSupplierDocument {
  change: SyncPendingChange;
  row: Row;
  x3Key: string;
}

/** One flow's supplier document: how X3 holds it, how it is found and created, what it is called. */
export interface SupplierDocumentKind<I extends SupplierDocumentToCarry> extends SupplierDocumentWording {
  /** The X3 adapter entity that reads the PINVOICE back (its content hash). */
  adapter: 'bill' | 'creditNote';
  /** What the mapping's refusal names: 'bill', 'supplier credit note'. */
  mappingNoun: string;
  /** A number that is the X3 record's own NUM matches too (a document our x3→xero flow wrote). */
  ownNumberMatches: boolean;
  /** The X3 record of this supplier and document number, if X3 holds one. */
  bySupplierDocument: (x3: X3Transport, supplier: string, number: string) => Promise<X3Record | undefined>;
  /** What the create sends before the supplier and number (the invoice type). */
  createHead: Row;
  /** What the create sends after the supplier and number (the source invoice). */
  createTail: (item: I) => Row;
  /** The messages after the created record's own. */
  createdNotes: (item: I) => string[];
  /** The messages added to every link's outcome (what the plan noted). */
  notes: (item: I) => string[];
}

export const quoted = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export async function carrySupplierDocumentToX3<I extends SupplierDocumentToCarry>(
  kind: SupplierDocumentKind<I>,
  ctx: SupplierDocumentWriteContext,
  item: I,
): Promise<CarryResult> {
  const version = ctx.mappingVersion;
  try {
    const earlier = await kind.bySupplierDocument(ctx.x3, item.supplier, item.number);
    if (earlier) {
      // an earlier attempt's create landed before its outcome was recorded (crash, lost answer),
      // or X3 holds the supplier's document already: link it, write nothing. Validated only when it
      // is the same document (someone's different entry in progress is linked and held, untouched).
      const found = await ctx.x3.get('purchaseInvoice', earlier._id);
      const record = supplierDocumentDifferences(kind, found, item.row).length ? found : await validated(ctx.x3, found);
      return linked(kind, ctx, item, record, 'matched', [
        `X3 ${kind.x3Noun} ${record._id} of ${item.supplier} already holds document ${item.number}`,
      ]);
    }
    const run = {
      adapterContext: { ...ctx.adapterContext, x3KeyOfXeroContact: () => item.supplier },
      change: item.change,
      mappingVersion: version,
    };
    const mapped = await mapXeroDocument<Bill | CreditNote>(ctx.compiled, item.row, run, kind.mappingNoun);
    if ('settlement' in mapped) return { settlement: mapped.settlement, wrote: false };
    const { canonical } = mapped;
    const foreign = canonical.currency !== ctx.adapterContext.baseCurrency && canonical.exchangeRate?.rate;
    const created = await ctx.x3.create('purchaseInvoice', {
      ...mapped.payload,
      ...kind.createHead,
      billBySupplier: item.supplier,
      supplierDocumentNumber: item.number,
      ...kind.createTail(item),
      ...(foreign ? { exchangeRate: canonical.exchangeRate!.rate } : {}),
    });
    const record = await validated(ctx.x3, await ctx.x3.get('purchaseInvoice', created._id));
    const messages = [`X3 ${kind.x3Noun} ${record._id}`, ...kind.createdNotes(item)];
    return { ...linked(kind, ctx, item, record, 'created', messages), wrote: true };
  } catch (error) {
    return { settlement: settlementOfX3Failure(error, item.change.attempts, version), wrote: false };
  }
}

/**
 * A document already linked (our own from X3, or carried before): X3 keeps a validated one as it
 * is, so a Xero edit that changed what X3 holds goes to an accountant.
 */
export async function checkLinkedSupplierDocument<I extends SupplierDocumentToCarry>(
  kind: SupplierDocumentKind<I>,
  ctx: SupplierDocumentWriteContext,
  item: LinkedSupplierDocument,
): Promise<CarryResult> {
  const version = ctx.mappingVersion;
  let record: X3Record;
  try {
    record = await ctx.x3.get('purchaseInvoice', item.x3Key);
  } catch (error) {
    return { settlement: settlementOfX3Failure(error, item.change.attempts, version), wrote: false };
  }
  const differences = supplierDocumentDifferences(kind, record, item.row);
  if (!differences.length) {
    const message = `X3 ${kind.x3Noun} ${item.x3Key} agrees`;
    return {
      settlement: {
        kind: 'done',
        outcome: { action: 'unchanged', targetId: item.x3Key, messages: [message] },
        mappingVersion: version,
      },
      wrote: false,
    };
  }
  return {
    settlement: {
      kind: 'held',
      outcome: {
        targetId: item.x3Key,
        messages: [`${kind.describe(item.row)} was changed in Xero after X3 took it: ${differences.join('; ')}`],
        proposal:
          `X3 does not change a ${String(record.status)} ${kind.x3Noun}: reverse ${item.x3Key} with ` +
          `${kind.reversal} and enter the ${kind.xeroNoun} again in X3, or undo the change in Xero`,
      },
      mappingVersion: version,
    },
    wrote: false,
  };
}

/** Validated (posted to the ledger) as an approved Xero document is; read back as X3 holds it. */
async function validated(x3: X3Transport, record: X3Record): Promise<X3Record> {
  if (record.status === 'validated') return record;
  await x3.runAction('purchaseInvoice', 'validate', record._id);
  return x3.get('purchaseInvoice', record._id);
}

const textOf = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

const same = (a: unknown, b: unknown) => {
  try {
    return new Decimal(String(a)).eq(new Decimal(String(b)));
  } catch {
    return false;
  }
};

/** What the X3 record and the Xero document disagree on (supplier's number, currency, totals). */
export function supplierDocumentDifferences(
  kind: Pick<SupplierDocumentKind<SupplierDocumentToCarry>, 'numberField' | 'numberNoun' | 'ownNumberMatches'>,
  record: X3Record,
  row: Row,
): string[] {
  const out: string[] = [];
  const number = textOf(row[kind.numberField]);
  const x3Number = textOf(record.supplierDocumentNumber);
  if (number !== x3Number && !(kind.ownNumberMatches && number === record._id)) {
    out.push(`${kind.numberNoun} ${number || '(none)'} in Xero, ${x3Number} in X3`);
  }
  const currency = refKeyOf(record.currency);
  const xeroCurrency = textOf(row.currencyCode);
  if (xeroCurrency && xeroCurrency !== currency) out.push(`currency ${xeroCurrency} in Xero, ${currency} in X3`);
  const amounts: Array<[string, unknown, unknown]> = [
    ['tax', row.totalTax, record.totalTaxAmount],
    ['total', row.total, record.totalAmountIncludingTax],
  ];
  for (const [what, xero, x3] of amounts) {
    if (!same(xero, x3)) out.push(`${what} ${String(xero)} in Xero, ${String(x3)} in X3`);
  }
  return out;
}

function linked<I extends SupplierDocumentToCarry>(
  kind: SupplierDocumentKind<I>,
  ctx: SupplierDocumentWriteContext,
  item: I,
  record: X3Record,
  action: 'created' | 'matched',
  messages: string[],
): CarryResult {
  const canonical = X3_ADAPTERS[kind.adapter].fromX3(record, ctx.adapterContext);
  const differences = supplierDocumentDifferences(kind, record, item.row);
  const snapshot = {
    x3Key: record._id,
    xeroId: item.change.sourceKey.toLowerCase(),
    // X3's own reading of the record: the x3→xero flow of its entity finds it unchanged and sends nothing back
    contentHash: canonicalContentHash(canonical),
    xeroUpdatedAt: typeof item.row.updatedDateUTC === 'string' ? item.row.updatedDateUTC : undefined,
  };
  const all = [...messages, ...kind.notes(item)];
  const settlement: Settlement = differences.length
    ? {
        // X3 computed its own tax (once per tax code) and it differs from Xero's: linked, for a person
        kind: 'held',
        outcome: {
          action,
          targetId: record._id,
          messages: [...all, `X3 and Xero disagree: ${differences.join('; ')}`],
          proposal: `Check the tax of X3 ${kind.x3Noun} ${record._id} against the ${kind.xeroNoun} in Xero`,
        },
        mappingVersion: ctx.mappingVersion,
      }
    : { kind: 'done', outcome: { action, targetId: record._id, messages: all }, mappingVersion: ctx.mappingVersion };
  return { settlement, snapshot, wrote: false };
}
