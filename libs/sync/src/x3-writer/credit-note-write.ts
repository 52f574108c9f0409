// One Xero supplier credit note written to X3 as a supplier credit memo (PINVOICE of INVTYP credit
// memo) through X3's API, then validated — as bill-write.ts writes a bill: BPR = the linked
// supplier's X3 code, BPRVCR = the CreditNoteNumber, lines and tax codes from the mapping, Xero's
// rate for a foreign one, and PIHINVNUM = the X3 invoice of the linked bill it is allocated to.
// PINVOICE has no free reference field, so the supplier and its document number are the key:
// before creating, X3 is searched for a credit memo of them, and a resend after a crash or an
// unknown outcome links what the first attempt made instead of a second.
import Decimal from 'decimal.js';
import { X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { CreditNote, purchaseInvoiceEntityOf, X3_ADAPTERS } from '#lb/mapping';
import { canonicalContentHash } from '../hash/content-hash';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import type { BillWriteContext, BillWriteResult } from './bill-write';
import { describeCreditNote } from './credit-note-plan';
import { mapXeroDocument } from './document-map';
import { refKeyOf } from './payment-write';
import { settlementOfX3Failure } from './x3-failures';

type Row = Record<string, unknown>;

/** A Xero supplier credit note (as JSON) to carry: its linked X3 supplier, its number, the invoice it credits. */
export interface CreditNoteToCarry {
  change: SyncPendingChange;
  row: Row;
  supplier: string;
  number: string;
  originalInvoice?: string;
  /** What the plan noted (an allocation that names no X3 invoice), added to the outcome. */
  notes: string[];
}

const quoted = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The X3 supplier credit memo of this supplier that is this credit note, if X3 holds one: its
 * document number (BPRVCR) is the note's number, or the note is one our x3→xero flow wrote (its
 * number is then the memo's own NUM) whose link was lost, e.g. by re-pairing. Invoices of the
 * same number are not it.
 */
export async function creditMemoBySupplierDocument(
  x3: X3Transport,
  supplier: string,
  number: string,
): Promise<X3Record | undefined> {
  const bySupplier = `billBySupplier:{_id:${quoted(supplier)}}`;
  for (const filter of [
    `{${bySupplier},supplierDocumentNumber:${quoted(number)}}`,
    `{${bySupplier},_id:${quoted(number)}}`,
  ]) {
    for await (const found of x3.list('purchaseInvoice', { filter, pageSize: 20 })) {
      if (purchaseInvoiceEntityOf(found) === 'creditNote') return found;
    }
  }
  return undefined;
}

export async function carryCreditNoteToX3(ctx: BillWriteContext, item: CreditNoteToCarry): Promise<BillWriteResult> {
  const version = ctx.mappingVersion;
  try {
    const earlier = await creditMemoBySupplierDocument(ctx.x3, item.supplier, item.number);
    if (earlier) {
      // an earlier attempt's create landed before its outcome was recorded (crash, lost answer), or
      // X3 holds the supplier's credit note already: link it, write nothing; validated only when it is
      // the same document (someone's different entry in progress is linked and held, untouched)
      const found = await ctx.x3.get('purchaseInvoice', earlier._id);
      const memo = creditNoteDifferences(found, item.row).length ? found : await validated(ctx.x3, found);
      return linked(ctx, item, memo, 'matched', [
        `X3 supplier credit memo ${memo._id} of ${item.supplier} already holds document ${item.number}`,
      ]);
    }
    const run = {
      adapterContext: { ...ctx.adapterContext, x3KeyOfXeroContact: () => item.supplier },
      recordId: item.change.sourceKey,
      mappingVersion: version,
    };
    const mapped = await mapXeroDocument<CreditNote>(ctx.compiled, item.row, run, 'supplier credit note');
    if ('settlement' in mapped) return { settlement: mapped.settlement, wrote: false };
    const { canonical } = mapped;
    const foreign = canonical.currency !== ctx.adapterContext.baseCurrency && canonical.exchangeRate?.rate;
    const created = await ctx.x3.create('purchaseInvoice', {
      ...mapped.payload,
      invoiceType: 'creditMemo',
      billBySupplier: item.supplier,
      supplierDocumentNumber: item.number,
      ...(item.originalInvoice ? { originalInvoice: item.originalInvoice } : {}),
      ...(foreign ? { exchangeRate: canonical.exchangeRate!.rate } : {}),
    });
    const memo = await validated(ctx.x3, await ctx.x3.get('purchaseInvoice', created._id));
    const named = item.originalInvoice ? [`crediting X3 supplier invoice ${item.originalInvoice}`] : [];
    return { ...linked(ctx, item, memo, 'created', [`X3 supplier credit memo ${memo._id}`, ...named]), wrote: true };
  } catch (error) {
    return { settlement: settlementOfX3Failure(error, item.change.attempts, version), wrote: false };
  }
}

/**
 * A credit note already linked (our own from X3, or carried before): X3 keeps a validated credit
 * memo as it is, so a Xero edit that changed what X3 holds goes to an accountant.
 */
export async function checkLinkedCreditNote(
  ctx: BillWriteContext,
  item: { change: SyncPendingChange; row: Row; x3Key: string },
): Promise<BillWriteResult> {
  const version = ctx.mappingVersion;
  let memo: X3Record;
  try {
    memo = await ctx.x3.get('purchaseInvoice', item.x3Key);
  } catch (error) {
    return { settlement: settlementOfX3Failure(error, item.change.attempts, version), wrote: false };
  }
  const differences = creditNoteDifferences(memo, item.row);
  if (!differences.length) {
    const message = `X3 supplier credit memo ${item.x3Key} agrees`;
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
        messages: [`${describeCreditNote(item.row)} was changed in Xero after X3 took it: ${differences.join('; ')}`],
        proposal:
          `X3 does not change a ${String(memo.status)} supplier credit memo: reverse ${item.x3Key} with a supplier ` +
          `invoice of the same amount and enter the credit note again in X3, or undo the change in Xero`,
      },
      mappingVersion: version,
    },
    wrote: false,
  };
}

async function validated(x3: X3Transport, memo: X3Record): Promise<X3Record> {
  if (memo.status === 'validated') return memo;
  await x3.runAction('purchaseInvoice', 'validate', memo._id);
  return x3.get('purchaseInvoice', memo._id);
}

const textOf = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

const same = (a: unknown, b: unknown) => {
  try {
    return new Decimal(String(a)).eq(new Decimal(String(b)));
  } catch {
    return false;
  }
};

/**
 * What the X3 credit memo and the Xero credit note disagree on (number, currency, totals). A note
 * our x3→xero flow wrote carries X3's NUM as its number and the supplier's in Reference: either matches.
 */
export function creditNoteDifferences(memo: X3Record, row: Row): string[] {
  const out: string[] = [];
  const number = textOf(row.creditNoteNumber);
  const x3Number = textOf(memo.supplierDocumentNumber);
  if (number !== x3Number && number !== memo._id) {
    out.push(`credit note number ${number || '(none)'} in Xero, ${x3Number} in X3`);
  }
  const currency = refKeyOf(memo.currency);
  const xeroCurrency = textOf(row.currencyCode);
  if (xeroCurrency && xeroCurrency !== currency) out.push(`currency ${xeroCurrency} in Xero, ${currency} in X3`);
  const amounts: Array<[string, unknown, unknown]> = [
    ['tax', row.totalTax, memo.totalTaxAmount],
    ['total', row.total, memo.totalAmountIncludingTax],
  ];
  for (const [what, xero, x3] of amounts) {
    if (!same(xero, x3)) out.push(`${what} ${String(xero)} in Xero, ${String(x3)} in X3`);
  }
  return out;
}

function linked(
  ctx: BillWriteContext,
  item: CreditNoteToCarry,
  memo: X3Record,
  action: 'created' | 'matched',
  messages: string[],
): BillWriteResult {
  const canonical = X3_ADAPTERS.creditNote.fromX3(memo, ctx.adapterContext);
  const differences = creditNoteDifferences(memo, item.row);
  const snapshot = {
    x3Key: memo._id,
    xeroId: item.change.sourceKey.toLowerCase(),
    // X3's own reading of the memo: the x3→xero credit-notes flow finds it unchanged and sends nothing back
    contentHash: canonicalContentHash(canonical),
    xeroUpdatedAt: typeof item.row.updatedDateUTC === 'string' ? item.row.updatedDateUTC : undefined,
  };
  const all = [...messages, ...item.notes];
  const settlement: Settlement = differences.length
    ? {
        // X3 computed its own tax (once per tax code) and it differs from Xero's: linked, for a person
        kind: 'held',
        outcome: {
          action,
          targetId: memo._id,
          messages: [...all, `X3 and Xero disagree: ${differences.join('; ')}`],
          proposal: `Check the tax of X3 supplier credit memo ${memo._id} against the credit note in Xero`,
        },
        mappingVersion: ctx.mappingVersion,
      }
    : { kind: 'done', outcome: { action, targetId: memo._id, messages: all }, mappingVersion: ctx.mappingVersion };
  return { settlement, snapshot, wrote: false };
}
