// The GL in a reconciliation run, on the real sandboxes: without ledger settings the run says why
// it compared no GL (and calls nothing for it); with them, what both ledgers moved since the in-step
// day is compared through the account lookups and the control accounts — every line equal after
// the sync — and then seeded differences are found, classified and explained: a Xero-only journal
// (amount, "arose this month", then "before" a month on), a cent (rounding), an X3 entry on an
// account nothing maps (unmapped, whose fix is an accountant's). A side that fails fails the run.
import { AuditTrail } from '#lb/accounts';
import { checkMappingDocument, MappingDocument, MappingVersions, toDec } from '#lb/mapping';
import { releaseWaitsOnMappingActivated } from '#lb/sync';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { control as xeroControl } from '../../../connectors/xero/test/sandbox-process';
import { callsOf, drainUntilQuiet, pairWithFlows, stopDrainWorld } from '../../../sync/src/drain/testing/drain-world';
import { X3_PAYABLE_ACCOUNT, X3_RECEIVABLE_ACCOUNT } from '../../../sync/src/drain/testing/trial-balances';
import { FixInputError, FixNotAutomaticError } from '../fixes/apply-fix';
import { Reconciliations, ReconciliationInvalidError, ReconciliationNotFoundError } from '../reconciliations.service';
import { ReconDifference } from '../runs/recon-difference.entity';
import { ReconRun } from '../runs/recon-run.entity';
import { reconcileRun } from '../runs/reconcile-run';
import { LedgerSettings } from './ledger-settings.service';
import { NO_LEDGER_SETTINGS, RunLedger, runLedger } from './run-ledger';
import { LEDGER_AS_OF, LEDGER_FROM, LedgerWorld, startLedgerWorld } from './testing/ledger-world';

jest.setTimeout(300_000);

describe('a reconciliation run compares the GL: what both ledgers moved since the in-step day', () => {
  let lw: LedgerWorld;
  let settings: LedgerSettings;

  /** A run as of `asOf` with the GL comparison plugged in, as the worker runs it (local amounts due). */
  async function reconcile(asOf = LEDGER_AS_OF, tenantId = lw.pair.tenantId) {
    const { tx } = lw.w.h;
    const run = await tx.run(tenantId, (m) =>
      m.save(m.create(ReconRun, { tenantId, integrationId: lw.pair.integrationId, asOf })),
    );
    const calls = await callsOf(lw.w, lw.pair);
    const ledger = (t: string, i: string, day: string) => runLedger(lw.deps, t, i, day);
    const done = await reconcileRun({ tx, ledger }, tenantId, run.id);
    const xeroCalls = (await callsOf(lw.w, lw.pair)) - calls;
    const stored = await tx.run(tenantId, async (m) => ({
      gl: await m.find(ReconDifference, { where: { runId: run.id, entity: 'glAccount' }, order: { matchKey: 'ASC' } }),
      ledger: (await m.query<Array<{ ledger: unknown }>>(`SELECT ledger FROM recon_runs WHERE id = $1`, [run.id]))[0]
        .ledger,
    }));
    return { done, xeroCalls, ...stored };
  }
  const lines = (ledger: unknown) =>
    (ledger as RunLedger).lines.map((l) => [l.xeroCode ?? `x3:${l.x3Accounts.join(',')}`, l.difference, l.class]);

  beforeAll(async () => {
    lw = await startLedgerWorld();
    settings = new LedgerSettings(lw.w.h.tx);
  });
  afterAll(() => stopDrainWorld(lw?.w));

  it('without ledger settings: no GL compared, the run says why and makes no call for it', async () => {
    const r = await reconcile();
    expect(r.done.state).toBe('done');
    expect(r.ledger).toEqual({ asOf: LEDGER_AS_OF, skipped: NO_LEDGER_SETTINGS });
    expect([r.gl, r.xeroCalls, r.done.counts.glAccounts]).toEqual([[], 0, undefined]);
  });

  it('in step from January with the receivable control account: every line equal, three Xero calls', async () => {
    await settings.set(
      lw.pair.tenantId,
      lw.pair.integrationId,
      { inStepFrom: LEDGER_FROM, receivableAccounts: [X3_RECEIVABLE_ACCOUNT], payableAccounts: [] },
      null,
    );
    const r = await reconcile();
    expect(r.done.state).toBe('done');
    expect(lines(r.ledger)).toEqual([
      ['090', '0.00', 'equal'],
      ['200', '0.00', 'equal'],
      ['610', '0.00', 'equal'],
      ['820', '0.00', 'equal'],
    ]);
    const ledger = r.ledger as RunLedger;
    expect([ledger.inStepFrom, ledger.monthFrom]).toEqual([LEDGER_FROM, LEDGER_FROM]);
    expect(ledger.accountMap[X3_RECEIVABLE_ACCOUNT]).toBe(lw.controlAccounts[X3_RECEIVABLE_ACCOUNT]);
    // the bank: 50.00 received less the 12.34 journal, on both sides
    expect(ledger.lines.find((l) => l.xeroCode === '090')).toMatchObject({ x3Balance: '37.66', xeroBalance: '37.66' });
    // the Trial Balance at the date and the day before the in-step day (the month's start is the
    // same day), and the chart of accounts for the control account
    expect(r.xeroCalls).toBe(3);
    expect([r.gl, r.done.counts.glAccounts]).toEqual([[], 4]);
  });

  it('a Xero-only journal and a cent: amount and rounding differences, with when they arose', async () => {
    await lw.xeroJournal('0.01', '2027-01-26');
    const cent = await reconcile();
    expect(cent.gl.map((d) => [d.matchKey, d.differenceClass, d.fix.action])).toEqual([
      ['090', 'rounding', 'none'],
      ['200', 'rounding', 'none'],
    ]);
    expect(cent.gl[0].likelyCause).toContain('rounded the other way');
    await lw.xeroJournal('25.00', '2027-01-27');
    const r = await reconcile();
    expect(lines(r.ledger).filter(([, , cls]) => cls !== 'equal')).toEqual([
      ['090', '25.01', 'amount-differs'],
      ['200', '-25.01', 'amount-differs'],
    ]);
    expect(r.gl.map((d) => [d.matchKey, d.differenceClass, d.x3[0]?.total, d.xero[0]?.total])).toEqual([
      ['090', 'amount', '37.66', '12.65'],
      ['200', 'amount', '-127.66', '-102.65'],
    ]);
    expect(r.gl[0].likelyCause).toContain('all of it arose from 2027-01-01 on');
    expect(r.gl[0].fix).toMatchObject({ action: 'none', amount: '25.01' });
    expect(r.done.counts).toMatchObject({ amount: 2, glAccounts: 4 });

    // a month on, nothing new: the same difference, which arose before February
    const later = await reconcile('2027-02-28');
    expect(later.gl.map((d) => d.matchKey)).toEqual(['090', '200']);
    expect(later.gl[0].likelyCause).toContain('it arose before 2027-02-01');
    expect(later.xeroCalls).toBe(4); // three Trial Balances and the chart
  });

  it('an X3 account nothing maps is unmapped; approved with its Xero code, the journals mapping learns it and the X3 journal waiting for it reaches Xero', async () => {
    expect(await lw.x3CostReclass()).toBe(201); // 7.00 keyed in X3 only, never carried
    const journal = await lw.x3JournalOnUnmappedAccount('3.00');
    const [wait] = await lw.w.h.tx.run(lw.pair.tenantId, (m) =>
      m.query<Array<{ state: string; waiting_on: string }>>(
        `SELECT state, waiting_on FROM sync_pending_changes WHERE integration_id = $1 AND source_key = $2`,
        [lw.pair.integrationId, journal],
      ),
    );
    expect(wait).toEqual({ state: 'waiting', waiting_on: 'mapping:journal-account:310' });
    // the payable control account set: 800 is compared with Xero's Accounts Payable
    await settings.set(
      lw.pair.tenantId,
      lw.pair.integrationId,
      { inStepFrom: LEDGER_FROM, receivableAccounts: ['610'], payableAccounts: [X3_PAYABLE_ACCOUNT] },
      null,
    );
    const r = await reconcile();
    const unmapped = r.gl.find((d) => d.differenceClass === 'unmapped')!;
    expect([unmapped.matchKey, unmapped.x3[0].total, unmapped.xero]).toEqual(['X3 310', '10.00', []]);
    expect(unmapped.fix).toMatchObject({
      action: 'add-mapping',
      target: '310',
      entry: { entity: 'journal', direction: 'x3-to-xero', key: ['310'], valueFields: ['accountCode'] },
    });
    const payable = (r.ledger as RunLedger).lines.find((l) => l.x3Accounts.includes(X3_PAYABLE_ACCOUNT))!;
    expect([payable.x3Balance, payable.xeroBalance, payable.class]).toEqual(['-7.00', '0.00', 'missing-in-xero']);
    const bankBefore = (r.ledger as RunLedger).lines.find((l) => l.xeroCode === '090')!;

    const versions = new MappingVersions(
      lw.w.h.tx,
      new AuditTrail(),
      checkMappingDocument,
      releaseWaitsOnMappingActivated(lw.w.jobs),
    );
    const recon = new Reconciliations(lw.w.h.tx, lw.w.jobs, undefined, versions);
    const ids = { integrationId: lw.pair.integrationId, runId: r.done.id, differenceId: unmapped.id };
    // a GL fix that is an accountant's journal stays refused
    const amount = r.gl.find((d) => d.fix.action === 'none')!;
    await expect(
      recon.decide(lw.pair.tenantId, { ...ids, differenceId: amount.id }, 'approve', null),
    ).rejects.toBeInstanceOf(FixNotAutomaticError);
    await expect(recon.decide(lw.pair.tenantId, ids, 'approve', null)).rejects.toBeInstanceOf(FixInputError);
    const approved = await recon.decide(lw.pair.tenantId, ids, 'approve', null, { value: { accountCode: '310' } });
    expect(approved.state).toBe('applied');
    const journals = await versions.get(lw.pair.tenantId, {
      integrationId: lw.pair.integrationId,
      entity: 'journal',
      direction: 'x3-to-xero',
    });
    const accounts = (journals.document as unknown as MappingDocument).lookups.find(
      (t) => t.name === 'journal-account',
    )!;
    expect(accounts.entries).toContainEqual({ key: ['310'], value: { accountCode: '310' } });

    // the wait released: the journal goes to Xero; the next run maps 310 and only the X3-only 7.00 is left
    await drainUntilQuiet(lw.w, lw.pair, ['journals']);
    const next = await reconcile();
    const line = (next.ledger as RunLedger).lines.find((l) => l.xeroCode === '310')!;
    expect([line.x3Accounts, line.x3Balance, line.xeroBalance, line.difference, line.class]).toEqual([
      ['310'],
      '10.00',
      '3.00',
      '7.00',
      'amount-differs',
    ]);
    expect(next.gl.filter((d) => d.differenceClass === 'unmapped')).toEqual([]);
    // the bank: the journal's 3.00, X3's only before, now moved in Xero too (X3 unchanged)
    const bankAfter = (next.ledger as RunLedger).lines.find((l) => l.xeroCode === '090')!;
    expect(bankAfter.x3Balance).toBe(bankBefore.x3Balance);
    expect(toDec(bankAfter.xeroBalance).minus(toDec(bankBefore.xeroBalance)).toFixed(2)).toBe('-3.00');
  });

  it('settings: a run dated before the in-step day compares no GL; bad input and another tenant refused', async () => {
    await settings.set(
      lw.pair.tenantId,
      lw.pair.integrationId,
      { inStepFrom: '2027-02-01', receivableAccounts: ['610'], payableAccounts: [] },
      null,
    );
    const early = await reconcile();
    expect(early.ledger).toEqual({
      asOf: LEDGER_AS_OF,
      skipped: 'the GL is compared from 2027-02-01, the day both ledgers are in step from',
    });
    const bad = (inStepFrom: string, receivableAccounts: string[], payableAccounts: string[]) =>
      settings.set(lw.pair.tenantId, lw.pair.integrationId, { inStepFrom, receivableAccounts, payableAccounts }, null);
    await expect(bad('2027-02-30', [], [])).rejects.toBeInstanceOf(ReconciliationInvalidError);
    await expect(bad('2027-01-01', ['610'], ['610'])).rejects.toThrow(/receivable or payable, not both/);
    expect(await settings.get(lw.pair.tenantId, lw.pair.integrationId)).toMatchObject({ inStepFrom: '2027-02-01' });

    const other = await pairWithFlows({ ...lw.w, xero: lw.xero }, []);
    await expect(settings.get(other.tenantId, lw.pair.integrationId)).rejects.toBeInstanceOf(
      ReconciliationNotFoundError,
    );
    await expect(
      settings.set(
        other.tenantId,
        lw.pair.integrationId,
        { inStepFrom: LEDGER_FROM, receivableAccounts: [], payableAccounts: [] },
        null,
      ),
    ).rejects.toBeInstanceOf(ReconciliationNotFoundError);
    // the other tenant's runs see no ledger settings of this one (RLS), so compare no GL
    expect(await settings.get(other.tenantId, other.integrationId)).toBeNull();
    await settings.remove(lw.pair.tenantId, lw.pair.integrationId);
    expect(await settings.get(lw.pair.tenantId, lw.pair.integrationId)).toBeNull();
  });

  it('X3 or Xero down: the run fails with the reason, never reads as agreeing', async () => {
    await settings.set(
      lw.pair.tenantId,
      lw.pair.integrationId,
      { inStepFrom: LEDGER_FROM, receivableAccounts: ['610'], payableAccounts: [] },
      null,
    );
    const down = { kind: 'status503', pathContains: '/Reports/TrialBalance', method: 'GET', count: 20 };
    expect((await xeroControl(lw.w.sb.url, lw.pair.org, 'POST', '/faults', down)).status).toBeLessThan(300);
    try {
      const r = await reconcile();
      expect(r.done).toMatchObject({ state: 'failed', failure: expect.stringContaining('run it again') });
    } finally {
      await xeroControl(lw.w.sb.url, lw.pair.org, 'DELETE', '/faults');
    }
    const x3Down = { mode: 'http-503', count: 10 };
    expect((await x3Control(lw.w.sb.url, lw.w.folder, 'POST', '/faults', x3Down)).status).toBeLessThan(300);
    try {
      const r = await reconcile();
      expect(r.done).toMatchObject({ state: 'failed', failure: expect.stringContaining('run it again') });
    } finally {
      await x3Control(lw.w.sb.url, lw.w.folder, 'DELETE', '/faults');
    }
    // both back: a run is done again
    expect((await reconcile()).done.state).toBe('done');
  });
});
