import Decimal from 'decimal.js';
import { XeroCallError } from '../errors/xero-call-error';
import { XeroOrg } from '../xero-org';

// Xero's reports as of a date: the Trial Balance (GL balance per account) and the aged receivables
// and payables of one contact (what each document owed then). Reports are computed by Xero from
// everything it holds, so they see edits that never moved a document's UpdatedDateUTC. They need
// accounting.reports.trialbalance.read / accounting.reports.aged.read (or the broad
// accounting.reports.read). Every call goes through XeroOrg.call: rate-limited, metered and counted
// like every other Xero call.

/** An account's line of the Trial Balance: debit and credit to the cent (one of them "0.00"). */
export interface TrialBalanceLine {
  debit: string;
  credit: string;
}

export type AgedSide = 'receivable' | 'payable';

/** What one document owed as of the report's date, in `currency` (the organisation's base currency). */
export interface AmountDue {
  invoiceId: string;
  amountDue: string;
  currency: string;
}

interface Cell {
  value?: string;
  attributes?: Array<{ id?: string; value?: string }>;
}
interface Row {
  rowType?: string;
  cells?: Cell[];
  rows?: Row[];
}
interface ReportsBody {
  reports?: Array<{ rows?: Row[] }>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A date as the SDK gives it (a Date, /Date(ms)/ or ISO text) → YYYY-MM-DD, or undefined. */
function dayOf(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value !== 'string' || !value) return undefined;
  const ms = /^\/Date\((-?\d+)/.exec(value);
  if (ms) return new Date(Number(ms[1])).toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

function checkDay(date: string): void {
  if (!DAY.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
    throw new XeroCallError('permanent', `'${date}' is not a date (YYYY-MM-DD)`);
}

/** The report's data rows (RowType Row), from every section. */
function dataRows(body: ReportsBody): Row[] {
  const rows = body.reports?.[0]?.rows ?? [];
  return rows.flatMap((r) => (r.rows ?? []).filter((x) => String(x.rowType) === 'Row'));
}

/** A report amount ("1,234.50", "" for none) as a decimal string to the cent. */
function amount(value: string | undefined): string {
  const v = (value ?? '').replace(/,/g, '').trim();
  return new Decimal(v === '' ? 0 : v).toFixed(2);
}

export class XeroReports {
  /** Base currency per Xero organisation: Xero does not let it change once set, so kept for the process. */
  private readonly baseCurrencies = new Map<string, string>();

  /**
   * GET Reports/TrialBalance?date= (accrual basis): per account code its debit and credit as at the
   * end of `date`. Costs ONE Xero call, whatever the size of the ledger. An account without a code
   * is keyed `id:<AccountID>`.
   */
  async trialBalance(org: XeroOrg, date: string): Promise<Map<string, TrialBalanceLine>> {
    checkDay(date);
    const { body } = await org.call({ operation: 'report:TrialBalance', isWrite: false }, (api, t) =>
      api.getReportTrialBalance(t, date, false),
    );
    const out = new Map<string, TrialBalanceLine>();
    for (const row of dataRows(body as ReportsBody)) {
      const [name, debit, credit] = row.cells ?? [];
      const code = /\(([^()]+)\)\s*$/.exec(name?.value ?? '')?.[1];
      const accountId = name?.attributes?.find((a) => a.id === 'account')?.value;
      const key = code ?? (accountId ? `id:${accountId}` : undefined);
      if (!key) continue;
      out.set(key, { debit: amount(debit?.value), credit: amount(credit?.value) });
    }
    return out;
  }

  /**
   * GET Reports/Aged{Receivables,Payables}ByContact?contactId=&date=: per document number (a bill's
   * reference) what it owed as of `date` — payments and credits dated later not taken off. Costs
   * ONE Xero call per contact, plus one GET Organisation the first time this process meets the
   * organisation (its base currency, which the report's amounts are in).
   */
  async amountsDue(org: XeroOrg, contactId: string, date: string, side: AgedSide): Promise<Map<string, AmountDue>> {
    checkDay(date);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(contactId))
      throw new XeroCallError('permanent', `'${contactId}' is not a Xero ContactID`);
    const currency = await this.baseCurrency(org);
    const operation = side === 'receivable' ? 'AgedReceivablesByContact' : 'AgedPayablesByContact';
    const { body } = await org.call({ operation: `report:${operation}`, isWrite: false }, (api, t) =>
      side === 'receivable'
        ? api.getReportAgedReceivablesByContact(t, contactId, date)
        : api.getReportAgedPayablesByContact(t, contactId, date),
    );
    const out = new Map<string, AmountDue>();
    for (const row of dataRows(body as ReportsBody)) {
      const cells = row.cells ?? [];
      const invoiceId = cells[0]?.attributes?.find((a) => a.id === 'invoiceID')?.value;
      if (!invoiceId) continue; // the Opening Balance row
      const number = cells[1]?.value || invoiceId;
      out.set(number, { invoiceId, amountDue: amount(cells[7]?.value), currency });
    }
    return out;
  }

  /** The organisation's base currency: one GET Organisation, then kept (see baseCurrencies). */
  async baseCurrency(org: XeroOrg): Promise<string> {
    return this.baseCurrencies.get(org.xeroTenantId) ?? (await this.organisation(org)).baseCurrency;
  }

  /**
   * The latest of the organisation's lock dates (period, end of year) as YYYY-MM-DD, or undefined:
   * documents dated on or before it cannot be created or edited. One GET Organisation each time
   * (an adviser moves lock dates; a run asks once).
   */
  async lockDate(org: XeroOrg): Promise<string | undefined> {
    return (await this.organisation(org)).lockDate;
  }

  private async organisation(org: XeroOrg): Promise<{ baseCurrency: string; lockDate?: string }> {
    const { body } = await org.call({ operation: 'get:Organisation', isWrite: false }, (api, t) =>
      api.getOrganisations(t),
    );
    const o = body.organisations?.[0];
    const code = String(o?.baseCurrency ?? '');
    if (!/^[A-Z]{3}$/.test(code)) throw new XeroCallError('permanent', 'Xero returned no base currency');
    this.baseCurrencies.set(org.xeroTenantId, code);
    const locks = [dayOf(o?.periodLockDate), dayOf(o?.endOfYearLockDate)].filter((d): d is string => !!d).sort();
    return { baseCurrency: code, lockDate: locks.at(-1) };
  }
}
