// Helpers of the reconciliation proof (recon-seeded-differences.e2e-spec.ts): a member's
// reconciliation calls over the api (a run started and waited for, a difference approved), and
// differences seeded in Xero through the sandbox's own Accounting API (the reader app, as another
// app or a user would) and its control API (an edit that does not move UpdatedDateUTC).
import Decimal from 'decimal.js';
import { BANK_ACCOUNTS } from '#lb/mapping';
import { change, read, signInWithXero } from '../../api/test/xero-world';
import { control as xeroControl } from '../../sandbox/src/xero/testing/sandbox-harness';
import { openCount } from './sync-probe';
import type { SyncTenant, SyncWorld } from './sync-world';

type Json = Record<string, unknown>;

/** The Xero sandbox organisation's demo contacts (seed-builder.ts), as X3 codes once carried to X3. */
export const DEMO_CONTACTS = ['C_1001', 'C_1002', 'C_1003', 'S_2002', 'S_2999'];

/** A date `offsetDays` from today, as YYYY-MM-DD (UTC). */
export const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * Posts `invoices` X3 invoices for two new customers, switches the starter flows on (payments too:
 * the X3 folder's own seeded invoices carry receipts, which make those pairs equal) and waits until
 * every one is linked in Xero, and the organisation's demo contacts carried to X3 by the customers
 * flow (both ways), with nothing left open: a run compares a pair at rest, whenever the flow's first
 * Xero poll happens to come. Returns the X3 invoice numbers.
 */
export async function seededInvoicesInXero(world: SyncWorld, t: SyncTenant, invoices: number): Promise<string[]> {
  const made = await world.x3(t, 'POST', '/bulk/sales-invoices', {
    site: 'NZ011',
    customers: 2,
    invoices,
    accountingDate: day(-2),
  });
  if (made.status !== 201) throw new Error(`X3 invoices not made: ${made.status} ${JSON.stringify(made.body)}`);
  const numbers = made.body.invoices as string[];
  await world.enableFlows(t, ['customers', 'products', 'invoices', 'payments']);
  await world.probe('the seeded invoices in Xero', { timeoutMs: 1_200_000, stallMs: 300_000 }).until(async () => {
    const linked = await world.linked(t);
    const [invoicesLinked, customers] = [linked.get('invoice') ?? new Map(), linked.get('customer') ?? new Map()];
    const counts = await world.pending(t);
    const carried = DEMO_CONTACTS.filter((c) => customers.has(c));
    const done =
      numbers.every((i) => invoicesLinked.has(i)) && carried.length === DEMO_CONTACTS.length && openCount(counts) === 0;
    return { done: done || undefined, progress: { invoices: invoicesLinked.size, carried, counts } };
  });
  return numbers;
}

export interface RunDifference {
  id: string;
  differenceClass: string;
  matchKey: string;
  entity: string;
  state: string;
  fix: { action: string; target?: string; amount?: string; description: string };
  x3: Array<{ amountDue: string | null; total: string | null; status: string | null }>;
  xero: Array<{ amountDue: string | null; total: string | null; status: string | null }>;
}

export interface RunView {
  run: { id: string; state: string; failure: string | null; counts: Record<string, number> };
  differences: RunDifference[];
}

const base = (t: SyncTenant) => `/api/integrations/${t.integrationId}/reconciliation`;

/** An admin's change; a long proof outlasts the recent-sign-in window: signed in again, as asked. */
export async function adminChange(world: SyncWorld, t: SyncTenant, method: string, path: string, body?: unknown) {
  const res = await change(world.asXeroWorld, t.admin, method, path, body);
  if (res.status !== 401 || !JSON.stringify(res.body).includes('reauth_required')) return res;
  await signInWithXero(world.asXeroWorld, t.admin, t.org);
  return change(world.asXeroWorld, t.admin, method, path, body);
}

/** A run started over the api as of `asOf`, run by the worker: its view once done (or failed). */
export async function reconcile(world: SyncWorld, t: SyncTenant, asOf: string): Promise<RunView> {
  const started = await adminChange(world, t, 'POST', `${base(t)}/runs`, { asOf });
  if (started.status !== 202) throw new Error(`run refused: ${started.status} ${JSON.stringify(started.body)}`);
  const id = String(started.body.id);
  const view = await world
    .probe(`reconciliation run ${id} finished`, { timeoutMs: 600_000, stallMs: 300_000 })
    .until(async () => {
      const got = await read(world.asXeroWorld, t.admin, `${base(t)}/runs/${id}`);
      const state = got.body?.run?.state as string | undefined;
      return { done: state === 'done' || state === 'failed' ? got.body : undefined, progress: { state } };
    });
  const groups = (view.groups ?? []) as Array<{ differences: RunDifference[] }>;
  return { run: view.run, differences: groups.flatMap((g) => g.differences) };
}

/** An admin's decision on a difference over the api. */
export function decide(world: SyncWorld, t: SyncTenant, runId: string, d: RunDifference, decision: string) {
  return adminChange(world, t, 'POST', `${base(t)}/runs/${runId}/differences/${d.id}/${decision}`);
}

async function xeroCall(t: SyncTenant, method: string, path: string, body?: Json): Promise<Json> {
  const res = await t.xeroRead(method, path, body);
  if (res.status !== 200) throw new Error(`${method} ${path} answered ${res.status} ${res.text}`);
  return res.body as Json;
}

/** The Xero invoice (with its lines) our sync wrote for an X3 invoice number. */
export async function xeroInvoice(t: SyncTenant, number: string): Promise<Json> {
  const found = await xeroCall(t, 'GET', `/Invoices?InvoiceNumbers=${encodeURIComponent(number)}`);
  const [summary] = (found.Invoices as Json[]).filter((i) => i.Status !== 'VOIDED' && i.Status !== 'DELETED');
  if (!summary) throw new Error(`no Xero invoice ${number}`);
  return ((await xeroCall(t, 'GET', `/Invoices/${String(summary.InvoiceID)}`)).Invoices as Json[])[0];
}

/** Money as the api shows it (decimal text, 2 places). */
export const money = (v: unknown) => new Decimal(String(v)).toFixed(2);

/**
 * Edits the invoice's first line in Xero without moving its UpdatedDateUTC and without a webhook
 * (the sandbox's control: what an incremental read never sees). Returns the new total.
 */
export async function silentEdit(world: SyncWorld, t: SyncTenant, number: string, line: Json): Promise<string> {
  const invoice = await xeroInvoice(t, number);
  const [first, ...rest] = invoice.LineItems as Json[];
  const res = await xeroControl(world.sandbox, t.org, 'POST', `/silent-edits/invoices/${String(invoice.InvoiceID)}`, {
    LineItems: [{ ...first, ...line }, ...rest],
  });
  if (res.status !== 201) throw new Error(`silent edit refused: ${res.status} ${res.text}`);
  const after = await xeroInvoice(t, number);
  if (after.UpdatedDateUTC !== invoice.UpdatedDateUTC) throw new Error('the silent edit moved UpdatedDateUTC');
  return money(after.Total);
}

/**
 * One cent more on the invoice's total, silently: with tax-inclusive lines the first line becomes
 * one unit at its amount + 0.01; with tax-exclusive ones its tax goes up by 0.01.
 */
export async function centMore(world: SyncWorld, t: SyncTenant, number: string): Promise<string> {
  const invoice = await xeroInvoice(t, number);
  const [first] = invoice.LineItems as Json[];
  const cent = (v: unknown) => new Decimal(String(v)).plus('0.01').toNumber();
  return silentEdit(
    world,
    t,
    number,
    invoice.LineAmountTypes === 'Inclusive'
      ? { Quantity: 1, UnitAmount: cent(first.LineAmount), LineAmount: undefined, TaxAmount: undefined }
      : { TaxAmount: cent(first.TaxAmount) },
  );
}

/** What a run found, in a line each (a failed expectation then shows the amounts). */
export const described = (view: RunView, entity?: string) =>
  view.differences
    .filter((d) => !entity || d.entity === entity)
    .map(
      (d) =>
        `${d.entity} ${d.matchKey} ${d.differenceClass}: x3 ${JSON.stringify(d.x3)} xero ${JSON.stringify(d.xero)}`,
    );

/** A payment of the invoice's whole amount due keyed in Xero only (X3 never hears of it). */
export async function payInXero(t: SyncTenant, number: string, date: string): Promise<void> {
  const invoice = await xeroInvoice(t, number);
  await xeroCall(t, 'PUT', '/Payments', {
    Payments: [
      {
        Invoice: { InvoiceID: invoice.InvoiceID },
        Account: { Code: BANK_ACCOUNTS.TRF },
        Date: date,
        Amount: Number(invoice.AmountDue),
        Reference: `Paid in Xero only ${number}`,
      },
    ],
  });
}

/**
 * A second Xero invoice keyed by another app under the same number, contact, date and lines as the
 * one our sync wrote (the sandbox organisation, like Xero with its warning dismissed, lets numbers
 * repeat). Returns the new invoice's id.
 */
export async function duplicateInXero(t: SyncTenant, number: string): Promise<string> {
  const original = await xeroInvoice(t, number);
  const lines = (original.LineItems as Json[]).map(({ LineItemID: _id, ...line }) => line);
  const made = await xeroCall(t, 'PUT', '/Invoices', {
    Invoices: [
      {
        Type: 'ACCREC',
        InvoiceNumber: number,
        Contact: { ContactID: (original.Contact as Json).ContactID },
        Date: original.Date,
        DueDate: original.DueDate,
        LineAmountTypes: original.LineAmountTypes,
        CurrencyCode: original.CurrencyCode,
        Status: 'AUTHORISED',
        LineItems: lines,
      },
    ],
  });
  const [invoice] = made.Invoices as Json[];
  if (money(invoice.Total) !== money(original.Total)) throw new Error('the duplicate has another total');
  return String(invoice.InvoiceID).toLowerCase();
}

/** The invoice's currency changed in Xero (an authorised, unpaid invoice takes it): returns the new one. */
export async function otherCurrencyInXero(t: SyncTenant, number: string): Promise<string> {
  const invoice = await xeroInvoice(t, number);
  const currencies = (await xeroCall(t, 'GET', '/Currencies')).Currencies as Json[];
  const other = currencies.map((c) => String(c.Code)).find((c) => c !== invoice.CurrencyCode);
  if (!other) throw new Error('the organisation has one currency only');
  await xeroCall(t, 'POST', `/Invoices/${String(invoice.InvoiceID)}`, {
    Invoices: [{ InvoiceID: invoice.InvoiceID, CurrencyCode: other, CurrencyRate: 0.9 }],
  });
  return other;
}
