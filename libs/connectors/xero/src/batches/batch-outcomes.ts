import Decimal from 'decimal.js';
import { XeroRecordOutcome, XeroRecordSummary } from '../entities/xero-write-batch.entity';
import { EntitySpec } from '../operations/entity-catalog';

type Row = Record<string, unknown>;

export function naturalKeyOf(s: EntitySpec, record: Row): { field: string; value: string } | null {
  for (const field of s.naturalKeys) {
    const v = record[field];
    if (typeof v === 'string' && v.trim()) return { field, value: v };
  }
  return null;
}

/**
 * With summarizeErrors=false Xero answers 200 with one element per record, in order; each says
 * OK or ERROR with its own ValidationErrors. Every sent record gets exactly one outcome.
 */
export function outcomesFromResponse(s: EntitySpec, sent: Row[], body: Row): XeroRecordOutcome[] {
  const returned = (body[s.wrapper] as Row[] | undefined) ?? [];
  return sent.map((record, index) => {
    const el = returned[index];
    const key = naturalKeyOf(s, record)?.value ?? null;
    if (!el)
      return {
        index,
        naturalKey: key,
        status: 'error',
        xeroId: null,
        messages: ['Xero returned no element for this record'],
      };
    const errors = ((el.validationErrors as Array<{ message?: string }> | undefined) ?? [])
      .map((v) => v.message ?? '')
      .filter(Boolean);
    const failed = el.hasErrors === true || el.statusAttributeString === 'ERROR' || errors.length > 0;
    const id =
      typeof el[s.idField] === 'string' && !/^0{8}-/.test(el[s.idField] as string) ? (el[s.idField] as string) : null;
    return failed
      ? {
          index,
          naturalKey: key,
          status: 'error',
          xeroId: null,
          messages: errors.length ? errors : ['Xero reported an error'],
        }
      : {
          index,
          naturalKey: key,
          status: 'ok',
          xeroId: id,
          messages: [],
          updatedAt: instantOf(el.updatedDateUTC),
          summary: summaryOf(el),
        };
  });
}

const SUMMARY_FIELDS = [
  'paymentID',
  'amount',
  'invoiceID',
  'invoiceNumber',
  'reference',
  'creditNoteID',
  'creditNoteNumber',
  'contactID',
  'contactNumber',
  'name',
  'contactStatus',
  'itemID',
  'code',
  'type',
  'date',
  'currencyCode',
  'total',
  'amountDue',
  'remainingCredit',
  'status',
];

/** The few fields of a written record the sync keeps as its copy of Xero's ledger (not the lines). */
export function summaryOf(el: Row): XeroRecordSummary {
  const out: Row = {};
  for (const f of SUMMARY_FIELDS) if (el[f] !== undefined && el[f] !== null) out[f] = el[f];
  // a payment's party and currency are its document's (kept flat: the summary holds no documents)
  const document = (el.paymentID ? (el.invoice ?? el.creditNote) : undefined) as Row | undefined;
  const contact = (el.contact ?? document?.contact) as Row | undefined;
  if (contact) out.contact = { contactNumber: contact.contactNumber, name: contact.name };
  if (out.currencyCode === undefined && typeof document?.currencyCode === 'string')
    out.currencyCode = document.currencyCode;
  return JSON.parse(JSON.stringify(out)) as XeroRecordSummary;
}

/** UpdatedDateUTC as xero-node gives it (a Date, or /Date(ms+0000)/ or ISO text) → ISO instant. */
export function instantOf(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'string' || !value) return null;
  const ms = /^\/Date\((-?\d+)/.exec(value);
  const d = ms ? new Date(Number(ms[1])) : new Date(/(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A whole-request validation failure: every record gets Xero's message for its element. */
export function outcomesFromRejection(
  s: EntitySpec,
  sent: Row[],
  messages: string[],
  elements: Row[] | undefined,
): XeroRecordOutcome[] {
  return sent.map((record, index) => {
    const el = elements?.[index];
    const own = ((el?.ValidationErrors as Array<{ Message?: string }> | undefined) ?? [])
      .map((v) => v.Message ?? '')
      .filter(Boolean);
    return {
      index,
      naturalKey: naturalKeyOf(s, record)?.value ?? null,
      status: 'error',
      xeroId: null,
      messages: own.length ? own : messages,
    };
  });
}

const text = (v: unknown): v is string => typeof v === 'string' && v !== '';

const amountText = (v: unknown): string | undefined =>
  typeof v === 'number' ? String(v) : typeof v === 'string' && v !== '' ? v : undefined;

const sameAmount = (sent: unknown, found: unknown): boolean => {
  const mine = amountText(sent);
  if (mine === undefined) return true;
  const theirs = amountText(found);
  if (theirs === undefined) return false;
  try {
    return new Decimal(mine).eq(theirs);
  } catch {
    return false;
  }
};

/**
 * A draft we rewrote by id (an order's draft reduced to its remainder) already existed under its
 * keys before the write: it is ours only when Xero holds the lines we sent (quantity, unit amount,
 * line amount), in order. A list without lines does not count it: the batch is resent, which an
 * update by id may be.
 */
function sameDraftLines(sent: Row, found: Row): boolean {
  if (sent.status !== 'DRAFT' || !text(sent.invoiceID) || !Array.isArray(sent.lineItems)) return true;
  if (found.invoiceID !== sent.invoiceID) return false;
  const mine = sent.lineItems as Row[];
  const theirs = (found.lineItems as Row[] | undefined) ?? [];
  return (
    mine.length === theirs.length &&
    mine.every(
      (l, i) =>
        sameAmount(l.quantity, theirs[i].quantity) &&
        sameAmount(l.unitAmount, theirs[i].unitAmount) &&
        sameAmount(l.lineAmount, theirs[i].lineAmount),
    )
  );
}

/** Our keys as a write carries them: the X3 key (InvoiceNumber, Reference, Narration …) and codes. */
const OWN_KEY_FIELDS = ['invoiceNumber', 'creditNoteNumber', 'reference', 'narration', 'contactNumber', 'code'];

/**
 * After an unclear outcome: whether a record Xero holds is the one we sent. Its type, its contact
 * and every key we carried (our X3 key in InvoiceNumber, Reference or Narration, a contact number
 * or item code) must all match; InvoiceNumber alone is not unique for bills (it is the supplier's
 * number), so a bill of another supplier or without our Reference is not ours. Fields we did not
 * send are not compared.
 */
export function isSameRecord(sent: Row, found: Row): boolean {
  if (text(sent.type) && found.type !== sent.type) return false;
  // a deletion (a draft an invoice took over) is done only when Xero holds the record as deleted
  if (sent.status === 'DELETED' && found.status !== 'DELETED') return false;
  const ours = sent.contact as Row | undefined;
  if (ours) {
    const theirs = (found.contact as Row | undefined) ?? {};
    if (text(ours.contactID)) {
      if (theirs.contactID !== ours.contactID) return false;
    } else if (text(ours.contactNumber) && text(theirs.contactNumber) && theirs.contactNumber !== ours.contactNumber) {
      return false;
    }
  }
  const document = (sent.invoice as Row | undefined)?.invoiceID;
  if (text(document) && (found.invoice as Row | undefined)?.invoiceID !== document) return false;
  if (!sameDraftLines(sent, found)) return false;
  return OWN_KEY_FIELDS.every((field) => !text(sent[field]) || found[field] === sent[field]);
}

/**
 * After an unclear outcome, for an update (the record carries its Xero id): the record found by its
 * key exists whether or not the update landed, so it counts as landed only when it is that record and
 * every text field sent (dates aside: Xero answers them in its own form) reads as sent. Otherwise the
 * update is resent — by id, under the batch's Idempotency-Key, which is safe either way.
 */
export function updateLanded(sent: Row, found: Row, idField: string): boolean {
  if (!text(sent[idField]) || sent.status === 'DELETED') return true;
  if (found[idField] !== sent[idField]) return false;
  return Object.entries(sent).every(
    ([k, v]) => k === idField || !text(v) || /date/i.test(k) || typeof found[k] !== 'string' || found[k] === v,
  );
}
