import { Doc, OrgSession } from '../db/entity-store';
import { text } from '../core/json';
import { badRequest } from '../core/xero-errors';
import { isoNoZone, msDate, parseDateInput } from '../core/ms-date';
import { D, Dec, dec, round } from '../domain/money';
import { DocumentRecord, SettlementRecord } from '../domain/records';
import { longDate, reportDay } from './trial-balance-report';

// GET /Reports/AgedReceivablesByContact and AgedPayablesByContact in xero_accounting.yaml's
// ReportWithRows shape: an Opening Balance section (what documents dated before fromDate still
// owe), a section with a Row per document dated fromDate..toDate that is still owed at `date`,
// its SummaryRow, then the Closing Balance. Each figure is as at `date`: payments and credits
// dated after it do not reduce what is due, whatever the document's AmountDue says today.
// Amounts are in the organisation's base currency (converted at each document's rate), as
// Xero's reports are. Simplified: unallocated credit notes and overpayments are not listed.

const DAY = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AgedSide = 'receivables' | 'payables';

const SIDES: Record<AgedSide, { type: string; name: string; reportType: string; numberTitle: string }> = {
  receivables: {
    type: 'ACCREC',
    name: 'Aged Receivables By Contact',
    reportType: 'AgedReceivablesByContact',
    numberTitle: 'Number',
  },
  payables: {
    type: 'ACCPAY',
    name: 'Aged Payables By Contact',
    reportType: 'AgedPayablesByContact',
    numberTitle: 'Reference',
  },
};

function optionalDay(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseDateInput(value) : NaN;
  if (ms === undefined || Number.isNaN(ms)) throw badRequest(`'${value}' is not a valid ${name}: use YYYY-MM-DD.`);
  return ms;
}

const onOrBefore = (date: unknown, asAt: number) => {
  const ms = parseDateInput(date);
  return ms !== undefined && !Number.isNaN(ms) && ms <= asAt;
};

/** What a document's settlements (credit notes, prepayments, overpayments) dated by `asAt` took off it. */
function credited(doc: DocumentRecord, asAt: number): Dec {
  let total = new D(0);
  const settlements: SettlementRecord[] = [
    ...(doc.CreditNotes ?? []),
    ...(doc.Prepayments ?? []),
    ...(doc.Overpayments ?? []),
  ];
  for (const x of settlements) {
    if (!onOrBefore(x.Date, asAt)) continue;
    total = total.plus(dec(x.AppliedAmount ?? x.Amount ?? 0, 'AppliedAmount'));
  }
  return total;
}

/** A foreign amount in base currency at the document's rate (units of currency per unit of base). */
function toBase(amount: Dec, doc: DocumentRecord): Dec {
  const rate = dec(doc.CurrencyRate ?? 1, 'CurrencyRate');
  return rate.isZero() || rate.eq(1) ? amount : round(amount.div(rate));
}

interface Line {
  doc: DocumentRecord;
  date: number;
  total: Dec;
  paid: Dec;
  credited: Dec;
  due: Dec;
}

function cells(values: string[], id?: string): Doc[] {
  const attributes = id ? [{ Value: id, Id: 'invoiceID' }] : undefined;
  return values.map((Value) => (attributes ? { Value, Attributes: attributes } : { Value }));
}

function documentRow(line: Line, asAt: number): Doc {
  const due = parseDateInput(line.doc.DueDate);
  const overdue = due !== undefined && !Number.isNaN(due) && due < asAt ? `${(asAt - due) / DAY} days overdue` : '';
  return {
    RowType: 'Row',
    Cells: cells(
      [
        isoNoZone(line.date).slice(0, 19),
        line.doc.InvoiceNumber ?? '',
        due !== undefined && !Number.isNaN(due) ? isoNoZone(due).slice(0, 19) : '',
        overdue,
        line.total.toFixed(2),
        line.paid.toFixed(2),
        line.credited.toFixed(2),
        line.due.toFixed(2),
      ],
      line.doc.InvoiceID,
    ),
  };
}

const summary = (title: string, lines: Line[]) => {
  const total = (pick: (l: Line) => Dec) => lines.reduce((a, l) => a.plus(pick(l)), new D(0)).toFixed(2);
  return {
    RowType: 'SummaryRow',
    Cells: cells([
      title,
      '',
      '',
      '',
      total((l) => l.total),
      total((l) => l.paid),
      total((l) => l.credited),
      total((l) => l.due),
    ]),
  };
};

export async function agedReport(s: OrgSession, side: AgedSide, q: Record<string, string | undefined>): Promise<Doc> {
  const meta = SIDES[side];
  const contactId = q.contactId ?? '';
  if (!UUID.test(contactId)) throw badRequest('contactId is required and must be a Contact ID (a GUID).');
  const contact = await s.get('Contact', contactId);
  if (!contact) throw badRequest(`No contact was found for contactId ${contactId}.`);
  const asAt = reportDay(q.date, s.now);
  const to = optionalDay(q.toDate, 'toDate') ?? asAt;
  const payments = (await s.all('Payment')).filter((p) => p.Status === 'AUTHORISED' && onOrBefore(p.Date, asAt));
  const paidOf = new Map<string, Dec>();
  for (const p of payments) {
    const id = p.Invoice?.InvoiceID?.toLowerCase();
    if (id) paidOf.set(id, (paidOf.get(id) ?? new D(0)).plus(dec(p.Amount, 'Amount')));
  }
  const lines: Line[] = [];
  for (const doc of await s.all('Invoice')) {
    if (doc.Type !== meta.type || doc.Contact?.ContactID?.toLowerCase() !== contactId.toLowerCase()) continue;
    if ((doc.Status !== 'AUTHORISED' && doc.Status !== 'PAID') || !onOrBefore(doc.Date, asAt)) continue;
    const total = dec(doc.Total, 'Total');
    const paid = paidOf.get(String(doc.InvoiceID).toLowerCase()) ?? new D(0);
    const less = credited(doc, asAt);
    const due = total.minus(paid).minus(less);
    if (due.isZero()) continue;
    lines.push({
      doc,
      date: parseDateInput(doc.Date) as number,
      total: toBase(total, doc),
      paid: toBase(paid, doc),
      credited: toBase(less, doc),
      due: toBase(due, doc),
    });
  }
  lines.sort((a, z) => a.date - z.date || String(a.doc.InvoiceNumber).localeCompare(String(z.doc.InvoiceNumber)));
  const from = optionalDay(q.fromDate, 'fromDate') ?? lines[0]?.date ?? asAt;
  const opening = lines.filter((l) => l.date < from).reduce((a, l) => a.plus(l.due), new D(0));
  const shown = lines.filter((l) => l.date >= from && l.date <= to);
  const closing = [...lines.filter((l) => l.date < from), ...shown];
  const iso = (ms: number) => isoNoZone(ms).slice(0, 19);
  return {
    ReportName: meta.name,
    ReportType: meta.reportType,
    ReportTitles: [
      'Invoices',
      text(contact.Name) ?? '',
      `From ${longDate(from)} to ${longDate(to)}`,
      `Showing payments to ${longDate(asAt)}`,
    ],
    ReportDate: longDate(asAt),
    UpdatedDateUTC: msDate(s.now),
    Fields: [],
    Rows: [
      {
        RowType: 'Header',
        Cells: cells(['Date', meta.numberTitle, 'Due Date', '', 'Total', 'Paid', 'Credited', 'Due']),
      },
      {
        RowType: 'Section',
        Title: '',
        Rows: [
          { RowType: 'Row', Cells: cells([iso(from), 'Opening Balance', '', '', '', '', '', opening.toFixed(2)]) },
        ],
      },
      { RowType: 'Section', Title: '', Rows: [...shown.map((l) => documentRow(l, asAt)), summary('Total', shown)] },
      { RowType: 'Section', Title: '', Rows: [summary('Closing Balance', closing)] },
    ],
  };
}
