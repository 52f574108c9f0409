// The GL part of reconciliation on the real sandboxes (X3 and Xero over HTTP): X3 documents, a
// receipt and a manual journal carried to Xero by the sync, then both trial balances over the
// period compared through the integration's account lookups — every line equal. Then seeded
// differences, one at a time: an X3 entry on accounts no lookup maps (unmapped), a one-cent Xero
// journal (rounding), a Xero-only journal (amount differs); and an invoice edited in Xero without
// moving UpdatedDateUTC, which the aged report (XeroAmountsDue) shows at its true amount.
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { control as xeroControl } from '../../../connectors/xero/test/sandbox-process';
import type { XeroConnector } from '../../../connectors/xero/src/xero-connector';
import {
  callsOf,
  DrainWorld,
  Pair,
  pairWithFlows,
  stopDrainWorld,
  xeroList,
} from '../../../sync/src/drain/testing/drain-world';
import { LedgerLine } from './compare-ledgers';
import { LedgerReconciliation, LedgerReconciliationError, XeroAmountsDue } from './ledger-reconciliation';
import { LEDGER_AS_OF, LEDGER_FROM, LedgerWorld, startLedgerWorld } from './testing/ledger-world';
import { AgedReportAmountsDue } from '../runs/aged-amounts-due';
import { ReconDifference } from '../runs/recon-difference.entity';
import { ReconRun } from '../runs/recon-run.entity';
import { reconcileRun } from '../runs/reconcile-run';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;

// A month no seeded document of either sandbox falls in: the period's movements are the proof's alone.
const FROM = LEDGER_FROM;
const AS_OF = LEDGER_AS_OF;

const summary = (lines: LedgerLine[]) =>
  lines.map((l) => [l.xeroCode ?? `x3:${l.x3Accounts.join(',')}`, l.difference, l.class]);

describe('LedgerReconciliation: the trial balance on both sides through the mapping', () => {
  let w: DrainWorld;
  let xero: XeroConnector;
  let pair: Pair;
  let ledger: LedgerReconciliation;
  let amountsDue: XeroAmountsDue;
  let controlAccounts: Record<string, string>;
  let invoices: Json[];
  let xeroJournal: LedgerWorld['xeroJournal'];
  let x3CostReclass: LedgerWorld['x3CostReclass'];

  const compare = () => ledger.compare(pair.tenantId, pair.integrationId, AS_OF, { from: FROM, controlAccounts });

  beforeAll(async () => {
    const world = await startLedgerWorld();
    ({ w, xero, pair, controlAccounts, invoices, xeroJournal, x3CostReclass } = world);
    ledger = new LedgerReconciliation(world.deps);
    amountsDue = new XeroAmountsDue(world.deps);
    expect(invoices.map((i) => i.Total).sort()).toEqual([115, 46].sort());
  });
  afterAll(() => stopDrainWorld(w));

  it('after the sync carried everything, every line over the period is equal (two Xero calls)', async () => {
    const calls = await callsOf(w, pair);
    const result = await compare();
    // the Trial Balance either side of the period, nothing else
    expect((await callsOf(w, pair)) - calls).toBe(2);
    expect(summary(result.lines)).toEqual([
      ['090', '0.00', 'equal'],
      ['200', '0.00', 'equal'],
      ['610', '0.00', 'equal'],
      ['820', '0.00', 'equal'],
    ]);
    const bank = result.lines.find((l) => l.xeroCode === '090')!;
    expect([bank.x3Balance, bank.xeroBalance, bank.x3Accounts]).toEqual(['37.66', '37.66', ['090']]);
    expect(result.accountMap['200']).toBe('200');
  });

  it('an X3 entry on accounts no lookup maps: unmapped lines, the rest still equal', async () => {
    expect(await x3CostReclass()).toBe(201);
    expect(summary((await compare()).lines)).toEqual([
      ['090', '0.00', 'equal'],
      ['200', '0.00', 'equal'],
      ['610', '0.00', 'equal'],
      ['820', '0.00', 'equal'],
      ['x3:310', '7.00', 'unmapped'],
      ['x3:800', '-7.00', 'unmapped'],
    ]);
  });

  it('a one-cent Xero journal is rounding; a Xero-only journal beyond it is an amount difference', async () => {
    await xeroJournal('0.01', '2027-01-26');
    const cent = (await compare()).lines.filter((l) => l.xeroCode === '200' || l.xeroCode === '090');
    expect(summary(cent)).toEqual([
      ['090', '0.01', 'rounding'],
      ['200', '-0.01', 'rounding'],
    ]);
    await xeroJournal('25.00', '2027-01-27');
    const result = await compare();
    expect(summary(result.lines.filter((l) => l.xeroCode === '200' || l.xeroCode === '090'))).toEqual([
      ['090', '25.01', 'amount-differs'],
      ['200', '-25.01', 'amount-differs'],
    ]);
    // before the period's journals, as of an earlier day, the two agree again
    const early = await ledger.compare(pair.tenantId, pair.integrationId, '2027-01-24', {
      from: FROM,
      controlAccounts,
    });
    expect(early.lines.every((l) => l.class === 'equal')).toBe(true);
  });

  it('an invoice edited in Xero without moving UpdatedDateUTC: the aged report gives its true amount due', async () => {
    const unpaid = invoices.find((i) => i.Total === 46)!;
    const paid = invoices.find((i) => i.Total === 115)!;
    // a listing leaves the lines out: the invoice itself carries them
    const [full] = await xeroList(w, pair, `Invoices/${String(unpaid.InvoiceID)}`, 'Invoices');
    const [first] = full.LineItems as Json[];
    const edit = await xeroControl(w.sb.url, pair.org, 'POST', `/silent-edits/invoices/${String(unpaid.InvoiceID)}`, {
      LineItems: [{ ...first, Quantity: 2, LineAmount: undefined, TaxAmount: undefined }],
    });
    expect(edit.status).toBe(201);
    const contactId = String((unpaid.Contact as Json).ContactID);
    const calls = await callsOf(w, pair);
    const due = await amountsDue.forContact(pair.tenantId, pair.integrationId, contactId, AS_OF, 'receivable');
    // the aged report, and (the first time) the organisation's base currency
    expect((await callsOf(w, pair)) - calls).toBe(2);
    expect(Object.fromEntries([...due].map(([number, d]) => [number, [d.amountDue, d.currency]]))).toEqual({
      [String(paid.InvoiceNumber)]: ['65.00', 'NZD'], // 115.00 − 50.00 received
      [String(unpaid.InvoiceNumber)]: ['92.00', 'NZD'], // 2 × 40.00 + GST, not the 46.00 the sync last saw
    });
    // as of the day before the receipt, the first invoice owed all of it
    const before = await amountsDue.forContact(
      pair.tenantId,
      pair.integrationId,
      contactId,
      '2027-01-19',
      'receivable',
    );
    expect(before.get(String(paid.InvoiceNumber))?.amountDue).toBe('115.00');
    expect((await callsOf(w, pair)) - calls).toBe(3); // the base currency is known now: one call
  });

  it('a reconciliation run reads Xero amounts due from the aged reports: the silent edit is found, a report outage fails the run', async () => {
    const unpaid = invoices.find((i) => i.Total === 46)!;
    const tx = w.h.tx;
    const reconcile = async (xeroAmountsDue?: AgedReportAmountsDue) => {
      const run = await tx.run(pair.tenantId, (m) =>
        m.save(m.create(ReconRun, { tenantId: pair.tenantId, integrationId: pair.integrationId, asOf: AS_OF })),
      );
      const done = await reconcileRun({ tx, xeroAmountsDue }, pair.tenantId, run.id);
      const found = await tx.run(pair.tenantId, (m) => m.find(ReconDifference, { where: { runId: run.id } }));
      return { done, found: new Map(found.map((d) => [d.matchKey, d])) };
    };
    // the local copies never saw the edit (UpdatedDateUTC did not move): no difference for it
    const local = await reconcile();
    expect(local.found.has(String(unpaid.InvoiceNumber))).toBe(false);
    const calls = await callsOf(w, pair);
    const aged = await reconcile(new AgedReportAmountsDue({ tx, xero }));
    expect(aged.done.state).toBe('done');
    const edited = aged.found.get(String(unpaid.InvoiceNumber));
    expect([edited?.differenceClass, edited?.xero[0].amountDue, edited?.x3[0].amountDue]).toEqual([
      'amount',
      '92.00',
      '46.00',
    ]);
    expect(edited?.fix).toMatchObject({ action: 'resend-x3' });
    // one contact: one aged report, and the organisation read once for its lock date
    expect((await callsOf(w, pair)) - calls).toBe(2);

    const down = { kind: 'status503', pathContains: '/Reports/AgedReceivables', method: 'GET', count: 20 };
    expect((await xeroControl(w.sb.url, pair.org, 'POST', '/faults', down)).status).toBeLessThan(300);
    try {
      const failed = await reconcile(new AgedReportAmountsDue({ tx, xero }));
      expect(failed.done).toMatchObject({ state: 'failed', failure: expect.stringContaining('run it again') });
    } finally {
      await xeroControl(w.sb.url, pair.org, 'DELETE', '/faults');
    }

    // Xero's period locked through the run's date: the edited invoice is adjusted, never re-sent into it
    const lock = (periodLockDate: string | null) =>
      xeroControl(w.sb.url, pair.org, 'POST', '/lock-dates', { periodLockDate });
    expect((await lock(AS_OF)).status).toBeLessThan(300);
    try {
      const lockedRun = await reconcile(new AgedReportAmountsDue({ tx, xero }));
      expect(lockedRun.found.get(String(unpaid.InvoiceNumber))?.fix).toMatchObject({
        action: 'credit-note',
        description: expect.stringContaining(`locked period (on or before ${AS_OF})`),
      });
    } finally {
      expect((await lock(null)).status).toBeLessThan(300);
    }

    // copies already settled (as a poll sees paid documents) are not asked about: a contact with
    // nothing open costs no aged report, and a document paid after the run's date is no difference
    await tx.run(pair.tenantId, (m) =>
      m.query(
        `UPDATE recon_documents SET status = 'paid', amount_due = '0.00'
         WHERE integration_id = $1 AND side = 'xero' AND entity = 'invoice'`,
        [pair.integrationId],
      ),
    );
    const before = await callsOf(w, pair);
    const settled = await reconcile(new AgedReportAmountsDue({ tx, xero }));
    expect(settled.done.state).toBe('done');
    expect((await callsOf(w, pair)) - before).toBe(1); // the organisation's lock date alone
  });

  it("refuses bad dates and another tenant's integration; a Xero outage fails the comparison, not a silent 'equal'", async () => {
    await expect(ledger.compare(pair.tenantId, pair.integrationId, '31/01/2027')).rejects.toBeInstanceOf(
      LedgerReconciliationError,
    );
    await expect(ledger.compare(pair.tenantId, pair.integrationId, AS_OF, { from: '2027-02-01' })).rejects.toThrow(
      /after asOf/,
    );
    await expect(
      amountsDue.forContact(pair.tenantId, pair.integrationId, "' OR 1=1", AS_OF, 'receivable'),
    ).rejects.toThrow(/ContactID/);
    const other = await pairWithFlows({ ...w, xero }, []);
    await expect(ledger.compare(other.tenantId, pair.integrationId, AS_OF)).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(
      amountsDue.forContact(
        other.tenantId,
        pair.integrationId,
        '00000000-0000-0000-0000-000000000000',
        AS_OF,
        'payable',
      ),
    ).rejects.toMatchObject({ kind: 'not-found' });

    const down = { kind: 'status503', pathContains: '/Reports/TrialBalance', method: 'GET' };
    expect((await xeroControl(w.sb.url, pair.org, 'POST', '/faults', down)).status).toBeLessThan(300);
    try {
      await expect(compare()).rejects.toMatchObject({ kind: expect.stringMatching(/transient|server|unavailable/) });
    } finally {
      await xeroControl(w.sb.url, pair.org, 'DELETE', '/faults');
    }
    // X3 answering 503 throughout: the comparison fails with X3's error
    expect(
      (await x3Control(w.sb.url, w.folder, 'POST', '/faults', { mode: 'http-503', count: 10 })).status,
    ).toBeLessThan(300);
    try {
      await expect(compare()).rejects.toMatchObject({ kind: expect.stringMatching(/transient|server/) });
    } finally {
      await x3Control(w.sb.url, w.folder, 'DELETE', '/faults');
    }
    expect((await compare()).lines.length).toBeGreaterThan(0);
  });
});
