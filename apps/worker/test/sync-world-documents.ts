// Bills, customer payments and journals for the sync proof world: seeded in X3 through the X3
// sandbox's bulk control routes (the business code prices, taxes, settles and balances them), and
// what the Xero organisation then holds, counted by OUR key — a bill's Reference, a payment's
// Reference, a manual journal's Narration "X3 <key>" — so a record written twice is seen twice.
import Decimal from 'decimal.js';
import { BANK_ACCOUNTS, REGION_FACTS } from '#lb/mapping';
import type { SyncTenant, SyncWorld } from './sync-world';

type Json = Record<string, unknown>;

/** One X3 payment line: the invoice it settles and the amount (decimal text). */
export interface SeededLine {
  document: string;
  amount: string;
}

export interface SeededPayment {
  id: string;
  lines: SeededLine[];
}

export interface SeededReceipts {
  customers: string[];
  invoices: string[];
  payments: SeededPayment[];
  /** Each paid invoice's open balance in X3 once every payment is made. */
  open: Record<string, string>;
}

/** Records per seeding call (each a few seconds on a loaded machine). */
const CALL = 300;

async function control(world: SyncWorld, t: SyncTenant, path: string, body: Json): Promise<Json> {
  const res = await world.x3(t, 'POST', path, body);
  if (res.status !== 201) throw new Error(`sync world: X3 ${path} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Json;
}

const siteOf = (t: SyncTenant) => `${REGION_FACTS[t.region].x3Company.slice(0, 2)}011`;

/** `bills` validated supplier invoices, billed in turn by `suppliers` new suppliers. */
export async function seedBills(
  world: SyncWorld,
  t: SyncTenant,
  suppliers: number,
  bills: number,
): Promise<{ suppliers: string[]; bills: string[] }> {
  const made = await control(world, t, '/bulk/purchase-invoices', { site: siteOf(t), suppliers, bills });
  return made as { suppliers: string[]; bills: string[] };
}

/**
 * Three posted invoices for each of `customers` new customers, and receipts settling them in three
 * patterns (customer k's invoices a, b, c): k % 3 = 0 one receipt for all three, whole; k % 3 = 1
 * a whole, b half then the rest by a second receipt, c whole; k % 3 = 2 one receipt for half of a
 * and all of b, and 30 % of c (left partly open).
 */
export async function seedReceipts(world: SyncWorld, t: SyncTenant, customers: number): Promise<SeededReceipts> {
  const made = (await control(world, t, '/bulk/sales-invoices', {
    site: siteOf(t),
    customers,
    invoices: customers * 3,
  })) as { customers: string[]; invoices: string[] };
  // the bulk route bills its new customers in turn: invoice i is customer (i % customers)'s
  const invoicesOf = (k: number) => [0, 1, 2].map((r) => made.invoices[k + r * customers]);
  const waves: Json[][] = [[], []];
  for (let k = 0; k < customers; k++) {
    const [a, b, c] = invoicesOf(k);
    if (k % 3 === 0) waves[0].push({ lines: [{ document: a }, { document: b }, { document: c }] });
    if (k % 3 === 1) {
      waves[0].push(
        { lines: [{ document: a }] },
        { lines: [{ document: b, share: '0.5' }] },
        { lines: [{ document: c }] },
      );
      waves[1].push({ lines: [{ document: b }] }); // the rest of b, after its first half
    }
    if (k % 3 === 2)
      waves[0].push(
        { lines: [{ document: a, share: '0.5' }, { document: b }] },
        { lines: [{ document: c, share: '0.3' }] },
      );
  }
  const payments: SeededPayment[] = [];
  const open: Record<string, string> = {};
  for (const wave of waves) {
    for (let i = 0; i < wave.length; i += CALL) {
      const res = (await control(world, t, '/bulk/payments', {
        site: siteOf(t),
        payments: wave.slice(i, i + CALL),
      })) as {
        payments: SeededPayment[];
        open: Record<string, string>;
      };
      payments.push(...res.payments);
      Object.assign(open, res.open);
    }
  }
  return { customers: made.customers, invoices: made.invoices, payments, open };
}

/** `entries` final journal entries of the tenant's company: the bank debited, sales and tax credited. */
export async function seedJournals(world: SyncWorld, t: SyncTenant, entries: number): Promise<string[]> {
  const facts = REGION_FACTS[t.region];
  // the region's X3 journal accounts, in the order sales, tax, bank (starter-regions.ts)
  const [sales, tax, bank] = Object.keys(facts.journalAccounts);
  const made = await control(world, t, '/bulk/journal-entries', {
    company: facts.x3Company,
    site: siteOf(t),
    entries,
    accounts: { debit: bank, credit: [sales, tax] },
  });
  return made.entries as string[];
}

/** A string field of a Xero record, '' when absent. */
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const live = (status: unknown) => !['DELETED', 'VOIDED'].includes(String(status));

/** ACCPAY bills per Reference (the X3 key the bills flow writes there): Xero ids. */
export async function xeroBillsByReference(world: SyncWorld, t: SyncTenant): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const i of await world.xeroList(t, 'Invoices')) {
    if (i.Type !== 'ACCPAY' || !live(i.Status)) continue;
    const key = str(i.Reference);
    out.set(key, [...(out.get(key) ?? []), String(i.InvoiceID)]);
  }
  return out;
}

export interface XeroPaymentPart {
  paymentId: string;
  invoiceId: string;
  amount: string;
}

/** Payments (not deleted) per Reference (the X3 payment key): one per invoice each settles. */
export async function xeroPaymentsByReference(
  world: SyncWorld,
  t: SyncTenant,
): Promise<Map<string, XeroPaymentPart[]>> {
  const out = new Map<string, XeroPaymentPart[]>();
  for (const p of await world.xeroList(t, 'Payments')) {
    if (p.Status === 'DELETED') continue;
    const key = str(p.Reference);
    const part = {
      paymentId: String(p.PaymentID),
      invoiceId: str((p.Invoice as Json | undefined)?.InvoiceID),
      amount: new Decimal(String(p.Amount)).toFixed(2),
    };
    out.set(key, [...(out.get(key) ?? []), part]);
  }
  return out;
}

/** Manual journals (not voided or deleted) per X3 key, read from the Narration "X3 <key>: …". */
export async function xeroJournalsByKey(world: SyncWorld, t: SyncTenant): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const j of await world.xeroList(t, 'ManualJournals')) {
    if (!live(j.Status)) continue;
    const key = /^X3 ([^:]+)(?::|$)/.exec(str(j.Narration))?.[1] ?? '';
    out.set(key, [...(out.get(key) ?? []), String(j.ManualJournalID)]);
  }
  return out;
}

/** Our record of each landed Xero Payment of an X3 payment (sync_payment_parts), by payment key. */
export async function paymentParts(world: SyncWorld, t: SyncTenant): Promise<Map<string, string[]>> {
  const rows = await world.owner.query<Array<{ payment_key: string; xero_payment_id: string }>>(
    `SELECT payment_key, xero_payment_id FROM sync_payment_parts WHERE tenant_id = $1 AND integration_id = $2`,
    [t.tenantId, t.integrationId],
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.payment_key, [...(out.get(r.payment_key) ?? []), r.xero_payment_id]);
  return out;
}

/** Write batches prepared but not finished (sending, or unclear): what a kill left in flight, per entity. */
export async function unfinishedBatches(world: SyncWorld, t: SyncTenant): Promise<Record<string, number>> {
  const rows = await world.owner.query<Array<{ entity: string; n: number }>>(
    `SELECT entity, count(*)::int AS n FROM xero_write_batches
     WHERE tenant_id = $1 AND connection_id = $2 AND status IN ('pending', 'sending', 'ambiguous') GROUP BY entity`,
    [t.tenantId, t.xeroConnectionId],
  );
  return Object.fromEntries(rows.map((r) => [r.entity, r.n]));
}

/** Xero invoices' AmountDue by InvoiceID (decimal text, 2 places). */
export async function xeroAmountsDue(world: SyncWorld, t: SyncTenant): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const i of await world.xeroList(t, 'Invoices'))
    if (i.Type === 'ACCREC' && live(i.Status))
      out.set(String(i.InvoiceID), new Decimal(String(i.AmountDue)).toFixed(2));
  return out;
}

/** Keys whose Xero ids are not exactly one, with how many there are (the count that can fail). */
export function notOnce(keys: string[], byKey: Map<string, unknown[]>): Array<[string, number]> {
  return keys.filter((k) => byKey.get(k)?.length !== 1).map((k) => [k, byKey.get(k)?.length ?? 0]);
}

async function xeroCall(t: SyncTenant, method: string, path: string, body?: Json): Promise<Json> {
  const res = await t.xeroRead(method, path, body);
  if (res.status !== 200) throw new Error(`sync world: ${method} ${path} answered ${res.status} ${res.text}`);
  return res.body as Json;
}

/**
 * The control of the count: one more copy of a bill, a journal and a payment, written as a second
 * send of the same record would be (same contact, lines, our key; no id), through the reader app.
 */
export async function writeCopies(
  t: SyncTenant,
  of: { billId: string; journalId: string; payment: { invoiceId: string; amount: string; reference: string } },
): Promise<void> {
  const [bill] = (await xeroCall(t, 'GET', `/Invoices/${of.billId}`)).Invoices as Json[];
  const lineItems = (bill.LineItems as Json[]).map(({ LineItemID: _id, ...line }) => line);
  const copy = { ...bill, InvoiceID: undefined, LineItems: lineItems, Payments: undefined };
  await xeroCall(t, 'POST', '/Invoices', { Invoices: [copy] });
  const [journal] = (await xeroCall(t, 'GET', `/ManualJournals/${of.journalId}`)).ManualJournals as Json[];
  const { ManualJournalID: _journalId, ...journalCopy } = journal;
  await xeroCall(t, 'POST', '/ManualJournals', { ManualJournals: [journalCopy] });
  await xeroCall(t, 'PUT', '/Payments', {
    Payments: [
      {
        Invoice: { InvoiceID: of.payment.invoiceId },
        Account: { Code: BANK_ACCOUNTS.TRF }, // the account our receipts (method TRF) are paid into
        Date: new Date().toISOString().slice(0, 10),
        Amount: of.payment.amount,
        Reference: of.payment.reference,
      },
    ],
  });
}
