import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { recordOf, text } from '../core/json';
import { invalid, notFound } from '../core/xero-errors';
import { isoNoZone, msDate, parseDateInput } from '../core/ms-date';
import { contactForDocument, contactSummary } from './contacts';
import { DocumentKind, isSalesType } from './document-kinds';
import { computeLines, lineAmountTypes } from './line-items';
import { D, dec, wire } from './money';
import { DocumentRecord } from './records';
import { documentDate, optionalDate, resolveCurrency } from './refs';

const HEADER_FIELDS = [
  'Type',
  'Contact',
  'Date',
  'DueDate',
  'LineAmountTypes',
  'Reference',
  'CurrencyCode',
  'CurrencyRate',
  'Status',
  'LineItems',
  'SentToContact',
  'ExpectedPaymentDate',
  'PlannedPaymentDate',
  'BrandingThemeID',
  'Url',
  'DeliveryDate',
  'DeliveryAddress',
  'AttentionTo',
  'Telephone',
  'DeliveryInstructions',
  'ExpectedArrivalDate',
];

/** Finds the document a POST means: by id, else (for numbered sales documents) by number. */
export async function findDocument(s: OrgSession, kind: DocumentKind, input: Doc): Promise<DocumentRecord | undefined> {
  const id = text(input[kind.idField]);
  if (id) {
    const found = await s.get(kind.entity, id);
    if (!found) throw notFound(`${kind.label} ${id} was not found`);
    return found;
  }
  const number = text(input[kind.numberField]);
  if (!number || !numbersUnique(s, kind)) return undefined;
  return (await s.all(kind.entity)).find(
    (d) => d[kind.numberField] === number && (kind.types.length === 0 || d.Type === (input.Type ?? d.Type)),
  );
}

/** Whether this organisation holds the kind's numbers unique (a sandbox switch can turn invoices' off). */
function numbersUnique(s: OrgSession, kind: DocumentKind): boolean {
  return kind.entity !== 'Invoice' || s.settings.invoiceNumbersUnique !== false;
}

function nextNumber(all: DocumentRecord[], kind: DocumentKind): string {
  const max = all.reduce((m, d) => {
    const match = new RegExp(`^${kind.prefix}(\\d+)$`).exec(text(d[kind.numberField]) ?? '');
    return match ? Math.max(m, Number(match[1])) : m;
  }, 0);
  return `${kind.prefix}${String(max + 1).padStart(4, '0')}`;
}

function hasSettlements(doc: DocumentRecord): boolean {
  return (doc.Payments ?? []).length > 0 || (doc.CreditNotes ?? []).length > 0 || (doc.Allocations ?? []).length > 0;
}

export async function saveDocument(
  s: OrgSession,
  kind: DocumentKind,
  input: Doc,
  existing: DocumentRecord | undefined,
  unitdp: number,
): Promise<DocumentRecord> {
  const merged: Doc = { ...(existing ?? {}) };
  for (const key of HEADER_FIELDS) if (input[key] !== undefined) merged[key] = input[key];
  if (input[kind.numberField] !== undefined) merged[kind.numberField] = input[kind.numberField];
  const from = existing?.Status;
  const to = text(merged.Status) ?? 'DRAFT';
  const type = text(merged.Type);
  if (existing && kind.types.length && input.Type && input.Type !== existing.Type)
    throw invalid(`${kind.label} Type cannot be changed.`);
  if (kind.types.length && !kind.types.includes(type ?? ''))
    throw invalid(`${kind.label} Type must be one of ${kind.types.join(', ')}.`);
  if (!kind.settable.includes(to)) {
    throw invalid(
      to === 'PAID'
        ? `${kind.label} status cannot be set to PAID: apply payments instead.`
        : `${kind.label} Status '${to}' is not valid.`,
    );
  }
  if (from) {
    if (!kind.transitions[from]?.includes(to)) throw invalid(`${kind.label} not of valid status for modification`);
    if (from === 'AUTHORISED' && existing && hasSettlements(existing)) {
      throw invalid('This document cannot be edited as it has a payment or credit note allocated to it.');
    }
  }
  const sales = kind.types.length ? isSalesType(type) : false;
  const contact = await contactForDocument(
    s,
    existing && !input.Contact ? existing.Contact : recordOf(merged.Contact),
    sales ? 'customer' : 'supplier',
    !existing,
  );
  const amountTypes = lineAmountTypes(merged.LineAmountTypes);
  const dateMs = documentDate(s, existing && input.Date === undefined ? existing.Date : merged.Date);
  const due = optionalDate(merged.DueDate, 'DueDate');
  const currency = await resolveCurrency(s, text(merged.CurrencyCode), merged.CurrencyRate);
  const lines = existing && input.LineItems === undefined ? existing.LineItems : merged.LineItems;
  const totals = await computeLines(s, lines, {
    amountTypes,
    side: sales ? 'sales' : 'purchases',
    unitdp,
    requireAccount: kind.entity !== 'PurchaseOrder' && to !== 'DRAFT' && to !== 'DELETED',
    allowDiscount: sales,
  });
  if (['SUBMITTED', 'AUTHORISED'].includes(to) && kind.entity === 'Invoice' && totals.lines.length === 0) {
    throw invalid('An invoice must have at least one line item to be submitted or authorised.');
  }
  const all = await s.all(kind.entity);
  let number = text(merged[kind.numberField]);
  if (number !== undefined && number.length > 255)
    throw invalid(`${kind.label} number must be 255 characters or less.`);
  const id = text(existing?.[kind.idField]) ?? randomUUID();
  const typeKey = type ?? '';
  if (number && kind.uniqueNumberTypes.includes(typeKey) && numbersUnique(s, kind)) {
    const clash = all.find(
      (d) => text(d[kind.idField]) !== id && text(d[kind.numberField]) === number && (d.Type ?? '') === typeKey,
    );
    if (clash)
      throw invalid(kind.entity === 'Invoice' ? 'Invoice # must be unique.' : `${kind.label} number must be unique.`);
  }
  if (!number && (kind.uniqueNumberTypes.includes(typeKey) || kind.entity !== 'Invoice'))
    number = nextNumber(all, kind);
  const doc: DocumentRecord = {
    ...(kind.types.length ? { Type: type } : {}),
    [kind.idField]: id,
    ...(number !== undefined ? { [kind.numberField]: number } : {}),
    Reference: text(merged.Reference) ?? '',
    Contact: contactSummary(contact),
    Date: msDate(dateMs),
    DateString: isoNoZone(dateMs),
    Status: to,
    LineAmountTypes: amountTypes,
    LineItems: totals.lines,
    SubTotal: totals.SubTotal,
    TotalTax: totals.TotalTax,
    Total: totals.Total,
    TotalDiscount: totals.TotalDiscount,
    CurrencyCode: currency.code,
    CurrencyRate: Number(currency.rate.toFixed(6)),
    HasAttachments: false,
    HasErrors: false,
    UpdatedDateUTC: msDate(s.now),
  };
  if (due !== undefined) Object.assign(doc, { DueDate: msDate(due), DueDateString: isoNoZone(due) });
  for (const k of [
    'SentToContact',
    'DeliveryAddress',
    'AttentionTo',
    'Telephone',
    'DeliveryInstructions',
    'BrandingThemeID',
    'Url',
  ]) {
    if (merged[k] !== undefined) doc[k] = merged[k];
  }
  for (const k of ['DeliveryDate', 'ExpectedArrivalDate', 'ExpectedPaymentDate', 'PlannedPaymentDate']) {
    const ms = optionalDate(merged[k], k);
    if (ms !== undefined) Object.assign(doc, { [k]: msDate(ms), [`${k}String`]: isoNoZone(ms) });
  }
  applyBalances(kind, doc, existing);
  await s.put(kind.entity, id, doc);
  if (kind.webhook) {
    s.emit({
      category: kind.webhook,
      type: existing ? 'UPDATE' : 'CREATE',
      resourceId: id,
      ...(kind.webhook === 'CREDITNOTE' ? { data: { Type: doc.Type, Status: doc.Status } } : {}),
    });
  }
  return doc;
}

function applyBalances(kind: DocumentKind, doc: DocumentRecord, existing: DocumentRecord | undefined): void {
  const dead = doc.Status === 'VOIDED' || doc.Status === 'DELETED';
  if (kind.entity === 'Invoice') {
    const paid = dec(existing?.AmountPaid, 'AmountPaid');
    const credited = dec(existing?.AmountCredited, 'AmountCredited');
    Object.assign(doc, {
      AmountDue: dead ? 0 : wire(new D(doc.Total).minus(paid).minus(credited)),
      AmountPaid: wire(paid),
      AmountCredited: wire(credited),
      Payments: existing?.Payments ?? [],
      CreditNotes: existing?.CreditNotes ?? [],
      Prepayments: [],
      Overpayments: [],
      IsDiscounted: doc.TotalDiscount > 0,
    });
  } else if (kind.entity === 'CreditNote') {
    const applied = [...(existing?.Allocations ?? []), ...(existing?.Payments ?? [])].reduce(
      (a, x) => a.plus(dec(x.Amount, 'Amount')),
      new D(0),
    );
    Object.assign(doc, {
      RemainingCredit: dead ? 0 : wire(new D(doc.Total).minus(applied)),
      Allocations: existing?.Allocations ?? [],
      Payments: existing?.Payments ?? [],
    });
  }
}

export function parseDateOrUndefined(value: unknown): number | undefined {
  const ms = parseDateInput(value);
  return ms === undefined || Number.isNaN(ms) ? undefined : ms;
}
