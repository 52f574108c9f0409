// The GL proofs' world on the real sandboxes (X3 and Xero over HTTP): two X3 invoices, a receipt
// and a manual journal dated in January 2027 (a month no seeded document of either sandbox falls
// in), carried to Xero by the sync, so that month's movements agree on both sides.
import { x3OpenerFor } from '#lb/sync';
import { json } from '../../../../connectors/xero/test/sandbox-process';
import type { XeroConnector } from '../../../../connectors/xero/src/xero-connector';
import {
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  xeroList,
} from '../../../../sync/src/drain/testing/drain-world';
import { newCustomers } from '../../../../sync/src/drain/testing/credit-documents';
import { PaymentWorld } from '../../../../sync/src/drain/testing/payment-world';
import {
  postAdjustmentJournal,
  X3_PAYABLE_ACCOUNT,
  X3_PURCHASE_ACCOUNT,
  X3_RECEIVABLE_ACCOUNT,
  x3Entries,
} from '../../../../sync/src/drain/testing/trial-balances';
import { control as x3Control } from '../../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { acceptRecords, createX3Documents } from '../../../../sync/src/drain/testing/x3-documents';
import type { LedgerDeps } from '../ledger-reconciliation';

type Json = Record<string, unknown>;

export const LEDGER_FROM = '2027-01-01';
export const LEDGER_AS_OF = '2027-01-31';
/** The product's scopes with the two granular report scopes (XERO_SCOPES' default asks for them). */
export const REPORTS_SCOPES =
  'openid profile email offline_access accounting.contacts accounting.settings accounting.invoices accounting.payments accounting.banktransactions accounting.manualjournals accounting.reports.aged.read accounting.reports.trialbalance.read'.split(
    ' ',
  );

export interface LedgerWorld {
  w: DrainWorld;
  xero: XeroConnector;
  deps: LedgerDeps;
  pair: Pair;
  /** X3's receivable control account → Xero's DEBTORS code: no lookup maps it, on purpose. */
  controlAccounts: Record<string, string>;
  /** The two January invoices as Xero holds them (115.00 with 50.00 received, 46.00). */
  invoices: Json[];
  /** A Xero manual journal moving `amount` from 090 to 200, keyed by a user in Xero only. */
  xeroJournal: (amount: string, date: string) => Promise<void>;
  /** An X3 journal entry moving 7.00 from 800 to 310 on 2027-01-25, keyed in X3 only (its HTTP status). */
  x3CostReclass: () => Promise<number>;
  /**
   * An X3 journal moving `amount` from the bank (090) to cost of goods sold (310, which the journals
   * mapping lacks) on 2027-01-26, given to the journals flow and drained: it waits for the entry.
   */
  x3JournalOnUnmappedAccount: (amount: string) => Promise<string>;
}

export async function startLedgerWorld(): Promise<LedgerWorld> {
  const w = await startDrainWorld();
  const xero = w.h.connector({
    scopes: REPORTS_SCOPES,
    limits: { minute: 600, day: 5000, concurrency: 5, appMinute: 10000, clockScale: 1, leaseMs: 10_000 },
  });
  const deps: LedgerDeps = { tx: w.h.tx, xero, openX3: x3OpenerFor(w.h.secrets, () => true) };
  const pair = await pairWithFlows({ ...w, xero }, ['customer', 'product', 'invoice', 'payment', 'journal']);
  const accounts = await xeroList(w, pair, 'Accounts', 'Accounts');
  const controlAccounts = {
    [X3_RECEIVABLE_ACCOUNT]: String(accounts.find((a) => a.SystemAccount === 'DEBTORS')!.Code),
  };

  const [customer] = await newCustomers(w, 1);
  const line = (quantity: string, price: string) => ({
    product: 'NZFOOD01',
    quantityInSalesUnitInvoiced: quantity,
    grossPrice: price,
    taxCode: 'NZS',
  });
  const doc = (lines: object[]) => ({
    invoiceType: 'invoice',
    salesSite: 'NZ011',
    billToCustomer: customer,
    priceBasis: 'excludingTax',
    accountingDate: '2027-01-10',
    lines,
  });
  // 115.00 and 46.00 (15 % GST); 50.00 received on the first; a journal moving 12.34 from the bank to sales
  const made = await createX3Documents(
    w,
    'salesInvoice',
    [doc([line('2', '50.00')]), doc([line('1', '40.00')])],
    'post',
  );
  const receipt = await new PaymentWorld(w).payment([{ document: made[0], amount: '50.00' }], {
    accountingDate: '2027-01-20',
  });
  const journal = await postAdjustmentJournal(w, '2027-01-15');
  await acceptRecords(w, pair, 'invoices', 'invoice', made);
  await acceptRecords(w, pair, 'payments', 'payment', [receipt]);
  const entries = await x3Entries(w, [...made.map((m) => m._id), receipt._id, journal]);
  await acceptRecords(w, pair, 'journals', 'journal', entries);
  await drainUntilQuiet(w, pair, ['customers', 'products', 'invoices', 'payments', 'journals']);
  const invoices = (await xeroList(w, pair, 'Invoices', 'Invoices')).filter(
    (i) => i.Type === 'ACCREC' && String(i.DateString).startsWith('2027-01'),
  );

  async function xeroJournal(amount: string, date: string): Promise<void> {
    const org = await xero.orgs.forConnection(pair.tenantId, pair.connectionId);
    const token = await xero.tokens.accessToken(pair.tenantId, org.connection.grantId);
    const r = await json(`${w.sb.url}/api.xro/2.0/ManualJournals`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'xero-tenant-id': org.xeroTenantId,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        ManualJournals: [
          {
            Narration: 'Entered in Xero only',
            Date: date,
            Status: 'POSTED',
            JournalLines: [
              { LineAmount: Number(amount), AccountCode: '200' },
              { LineAmount: -Number(amount), AccountCode: '090' },
            ],
          },
        ],
      }),
    });
    if (r.status !== 200) throw new Error(`Xero refused the journal: ${r.status}`);
  }

  const x3CostReclass = async () =>
    (
      await x3Control(w.sb.url, w.folder, 'POST', '/journal-entries', {
        entryType: 'ODG',
        company: 'NZ10',
        site: 'NZ011',
        journal: 'OD',
        accountingDate: '2027-01-25',
        currency: 'NZD',
        description: 'Cost reclassified in X3 only',
        lines: [
          { account: X3_PURCHASE_ACCOUNT, sense: 'debit', amountInCurrency: '7.00' },
          { account: X3_PAYABLE_ACCOUNT, sense: 'credit', amountInCurrency: '7.00' },
        ],
        validate: true,
      })
    ).status;

  async function x3JournalOnUnmappedAccount(amount: string): Promise<string> {
    const made = await x3Control(w.sb.url, w.folder, 'POST', '/journal-entries', {
      entryType: 'ODG',
      company: 'NZ10',
      site: 'NZ011',
      journal: 'OD',
      accountingDate: '2027-01-26',
      currency: 'NZD',
      description: 'Stock written off',
      lines: [
        { account: X3_PURCHASE_ACCOUNT, sense: 'debit', amountInCurrency: amount },
        { account: '090', sense: 'credit', amountInCurrency: amount },
      ],
      validate: true,
    });
    if (made.status !== 201) throw new Error(`journal entry refused: ${made.status} ${JSON.stringify(made.body)}`);
    const key = made.body.journalEntry as string;
    await acceptRecords(w, pair, 'journals', 'journal', await x3Entries(w, [key]));
    await drainUntilQuiet(w, pair, ['journals']);
    return key;
  }

  return { w, xero, deps, pair, controlAccounts, invoices, xeroJournal, x3CostReclass, x3JournalOnUnmappedAccount };
}
