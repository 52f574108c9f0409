// One Xero bill written to X3 as a supplier invoice (PINVOICE) through X3's API, then validated:
// BPR = the linked supplier's X3 code, BPRVCR = the bill's InvoiceNumber, lines and tax codes from
// the mapping, Xero's rate for a foreign bill. X3's PINVOICE has no free reference field, so the
// supplier and its document number are the key: before creating, X3 is searched for them, and a
// resend after a crash or an unknown outcome links what the first attempt made instead of a second.
import Decimal from 'decimal.js';
import { X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { AdapterContext, CompiledMapping, X3_ADAPTERS } from '#lb/mapping';
import { canonicalContentHash } from '../hash/content-hash';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import { describe } from './bill-plan';
import { mapBill } from './bill-map';
import { refKeyOf } from './payment-write';
import { settlementOfX3Failure } from './x3-failures';

type Row = Record<string, unknown>;

export interface BillWriteContext {
  x3: X3Transport;
  compiled: CompiledMapping;
  /** The X3 company's ledger currency (and the adapters' base currency). */
  adapterContext: AdapterContext;
  mappingVersion: number;
}

/** A Xero bill (as JSON) to carry: its linked X3 supplier and the supplier's invoice number. */
export interface BillToCarry {
  change: SyncPendingChange;
  row: Row;
  supplier: string;
  number: string;
}

export interface BillWriteResult {
  settlement: Settlement;
  /** The cross-reference to record with the settlement: X3 invoice NUM ↔ Xero InvoiceID. */
  snapshot?: { x3Key: string; xeroId: string; contentHash: string; xeroUpdatedAt?: string };
  wrote: boolean;
}

const quoted = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The X3 supplier invoice of this supplier with this document number, if X3 holds one. */
export async function billBySupplierDocument(
  x3: X3Transport,
  supplier: string,
  number: string,
): Promise<X3Record | undefined> {
  const filter = `{billBySupplier:{_id:${quoted(supplier)}},supplierDocumentNumber:${quoted(number)}}`;
  for await (const found of x3.list('purchaseInvoice', { filter, pageSize: 2 })) return found;
  return undefined;
}

export async function carryBillToX3(ctx: BillWriteContext, item: BillToCarry): Promise<BillWriteResult> {
  const { change } = item;
  const version = ctx.mappingVersion;
  try {
    const earlier = await billBySupplierDocument(ctx.x3, item.supplier, item.number);
    if (earlier) {
      // an earlier attempt's create landed before its outcome was recorded (crash, lost answer),
      // or X3 holds the supplier's document already: link it, write nothing. Validated only when it
      // is the same document (someone's different entry in progress is linked and held, untouched).
      const found = await ctx.x3.get('purchaseInvoice', earlier._id);
      const invoice = differencesOf(found, item.row).length ? found : await validated(ctx.x3, found);
      return linked(ctx, item, invoice, 'matched', [
        `X3 supplier invoice ${invoice._id} of ${item.supplier} already holds document ${item.number}`,
      ]);
    }
    const mapped = await mapBill(ctx.compiled, ctx.adapterContext, item, version);
    if ('settlement' in mapped) return { settlement: mapped.settlement, wrote: false };
    const { canonical } = mapped;
    const foreign = canonical.currency !== ctx.adapterContext.baseCurrency && canonical.exchangeRate?.rate;
    const created = await ctx.x3.create('purchaseInvoice', {
      ...mapped.payload,
      billBySupplier: item.supplier,
      supplierDocumentNumber: item.number,
      ...(foreign ? { exchangeRate: canonical.exchangeRate!.rate } : {}),
    });
    const invoice = await validated(ctx.x3, await ctx.x3.get('purchaseInvoice', created._id));
    return { ...linked(ctx, item, invoice, 'created', [`X3 supplier invoice ${invoice._id}`]), wrote: true };
  } catch (error) {
    return { settlement: settlementOfX3Failure(error, change.attempts, version), wrote: false };
  }
}

/**
 * A bill already linked (our own from X3, or carried before): X3 keeps a validated supplier
 * invoice as it is, so a Xero edit that changed what X3 holds goes to an accountant.
 */
export async function checkLinkedBill(
  ctx: BillWriteContext,
  item: { change: SyncPendingChange; row: Row; x3Key: string },
): Promise<BillWriteResult> {
  const version = ctx.mappingVersion;
  let invoice: X3Record;
  try {
    invoice = await ctx.x3.get('purchaseInvoice', item.x3Key);
  } catch (error) {
    return { settlement: settlementOfX3Failure(error, item.change.attempts, version), wrote: false };
  }
  const differences = differencesOf(invoice, item.row);
  if (!differences.length) {
    return {
      settlement: {
        kind: 'done',
        outcome: { action: 'unchanged', targetId: item.x3Key, messages: [`X3 supplier invoice ${item.x3Key} agrees`] },
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
        messages: [`${describe(item.row)} was changed in Xero after X3 took it: ${differences.join('; ')}`],
        proposal:
          `X3 does not change a ${String(invoice.status)} supplier invoice: reverse ${item.x3Key} with a supplier ` +
          `credit note and enter the bill again in X3, or undo the change in Xero`,
      },
      mappingVersion: version,
    },
    wrote: false,
  };
}

/** Validated (posted to the ledger) as an approved Xero bill is; read back as X3 holds it. */
async function validated(x3: X3Transport, invoice: X3Record): Promise<X3Record> {
  if (invoice.status === 'validated') return invoice;
  await x3.runAction('purchaseInvoice', 'validate', invoice._id);
  return x3.get('purchaseInvoice', invoice._id);
}

const textOf = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

const same = (a: unknown, b: unknown) => {
  try {
    return new Decimal(String(a)).eq(new Decimal(String(b)));
  } catch {
    return false;
  }
};

/** What the X3 supplier invoice and the Xero bill disagree on (supplier's number, currency, totals). */
export function differencesOf(invoice: X3Record, row: Row): string[] {
  const out: string[] = [];
  const number = textOf(row.invoiceNumber);
  const x3Number = textOf(invoice.supplierDocumentNumber);
  if (number !== x3Number) out.push(`invoice number ${number || '(none)'} in Xero, ${x3Number} in X3`);
  const currency = refKeyOf(invoice.currency);
  const xeroCurrency = textOf(row.currencyCode);
  if (xeroCurrency && xeroCurrency !== currency) out.push(`currency ${xeroCurrency} in Xero, ${currency} in X3`);
  const amounts: Array<[string, unknown, unknown]> = [
    ['tax', row.totalTax, invoice.totalTaxAmount],
    ['total', row.total, invoice.totalAmountIncludingTax],
  ];
  for (const [what, xero, x3] of amounts) {
    if (!same(xero, x3)) out.push(`${what} ${String(xero)} in Xero, ${String(x3)} in X3`);
  }
  return out;
}

function linked(
  ctx: BillWriteContext,
  item: BillToCarry,
  invoice: X3Record,
  action: 'created' | 'matched',
  messages: string[],
): BillWriteResult {
  const canonical = X3_ADAPTERS.bill.fromX3(invoice, ctx.adapterContext);
  const differences = differencesOf(invoice, item.row);
  const snapshot = {
    x3Key: invoice._id,
    xeroId: item.change.sourceKey.toLowerCase(),
    // X3's own reading of the invoice: the x3→xero bills flow finds it unchanged and sends nothing back
    contentHash: canonicalContentHash(canonical),
    xeroUpdatedAt: typeof item.row.updatedDateUTC === 'string' ? item.row.updatedDateUTC : undefined,
  };
  if (differences.length) {
    // X3 computed its own tax (once per tax code) and it differs from Xero's: linked, for a person
    return {
      settlement: {
        kind: 'held',
        outcome: {
          action,
          targetId: invoice._id,
          messages: [...messages, `X3 and Xero disagree: ${differences.join('; ')}`],
          proposal: `Check the tax of X3 supplier invoice ${invoice._id} against the bill in Xero`,
        },
        mappingVersion: ctx.mappingVersion,
      },
      snapshot,
      wrote: false,
    };
  }
  return {
    settlement: {
      kind: 'done',
      outcome: { action, targetId: invoice._id, messages },
      mappingVersion: ctx.mappingVersion,
    },
    snapshot,
    wrote: false,
  };
}
