// Journals through the drain against the sandboxes over HTTP (real PostgreSQL, Redis, our Xero
// connector and X3 transport): final X3 journal entries (GACCENTRY) of company NZ10 carried into a
// fresh Xero organisation as manual journals, once each, to the cent.
import Decimal from 'decimal.js';
import { X3Record } from '#lb/connectors/sage-x3';
import { XeroWriteBatch } from '#lb/connectors/xero';
import { AuditTrail } from '#lb/accounts';
import { checkMappingDocument, MappingVersions, starterTemplate } from '#lb/mapping';
import { eventually } from '#lb/testing';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { LANES } from '../pending/lanes';
import { releaseWaitsOnMappingActivated } from '../pending/mapping-waits';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { NewPendingChange, PendingChanges } from '../pending/pending-changes.service';
import { DrainPermanentError } from './drain-context';
import {
  callsOf,
  control,
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
  x3Records,
  xeroList,
} from './testing/drain-world';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
type Line = { account: string; sense: 'debit' | 'credit'; amountInCurrency: string; description?: string };

const pending = new PendingChanges();
const FLOW = 'journals';

/** Bank fees split over two accounts: amounts that are not exact in binary floating point. */
const FEES: Line[] = [
  { account: '090', sense: 'debit', amountInCurrency: '100.10', description: 'Bank' },
  { account: '200', sense: 'credit', amountInCurrency: '70.07', description: 'Sales adjustment' },
  { account: '820', sense: 'credit', amountInCurrency: '30.03', description: 'GST adjustment' },
];
/** What Xero must hold for FEES: debit positive, credit negative, to the cent. */
const FEES_IN_XERO = [
  ['090', '100.10', 'Bank'],
  ['200', '-70.07', 'Sales adjustment'],
  ['820', '-30.03', 'GST adjustment'],
];

describe('the drain carries X3 journals to Xero as manual journals', () => {
  let w: DrainWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
  });
  afterAll(() => stopDrainWorld(w));

  /** An accountant's journal entry in X3 (NZ10), validated to final unless said otherwise. */
  const newJournal = async (
    lines: Line[],
    opts: { date?: string; description?: string; validate?: boolean; currency?: string; exchangeRate?: string } = {},
  ) => {
    const made = await x3Control(w.sb.url, w.folder, 'POST', '/journal-entries', {
      entryType: 'ODG',
      company: 'NZ10',
      site: 'NZ011',
      journal: 'OD',
      accountingDate: opts.date ?? '2026-11-02',
      currency: opts.currency ?? 'NZD',
      exchangeRate: opts.exchangeRate,
      description: opts.description ?? 'Bank fees',
      lines,
      validate: opts.validate ?? true,
    });
    expect(made.status).toBe(201);
    return made.body.journalEntry as string;
  };
  const readJournals = async (ids: string[]) => {
    const all = await x3Records(w, 'journalEntry');
    return ids.map((id) => all.find((r) => r._id === id)!);
  };
  const accept = async (pair: Pair, journals: X3Record[]) => {
    const changes: NewPendingChange[] = journals.map((r) => ({
      integrationId: pair.integrationId,
      flowKey: FLOW,
      entity: 'journal',
      direction: 'x3-to-xero',
      sourceKey: r._id,
      lane: LANES.polling,
      source: r,
    }));
    await w.h.tx.run(pair.tenantId, (m) => pending.accept(m, pair.tenantId, changes));
  };
  /** Each X3 key's latest change (a settled change stays; the next one for that key is a new row). */
  const rows = async (pair: Pair) => {
    const all = await w.h.tx.run(pair.tenantId, (m) =>
      m.find(SyncPendingChange, { where: { flowKey: FLOW }, order: { updatedAt: 'ASC' } }),
    );
    const latest = new Map(all.map((r) => [r.sourceKey, r]));
    return [...latest.values()].sort((a, b) => a.sourceKey.localeCompare(b.sourceKey));
  };
  /** Xero's manual journals that carry one of our X3 keys in their Narration, by key. */
  const xeroJournals = async (pair: Pair, keys: string[]) => {
    const listed = await xeroList(w, pair, 'ManualJournals?pageSize=1000', 'ManualJournals');
    const ours = listed.filter((j) => keys.some((k) => String(j.Narration).startsWith(`X3 ${k}:`)));
    const full: Json[] = [];
    for (const j of ours)
      full.push(...(await xeroList(w, pair, `ManualJournals/${String(j.ManualJournalID)}`, 'ManualJournals')));
    return full;
  };
  const linesOf = (journal: Json) =>
    (journal.JournalLines as Json[]).map((l) => [
      l.AccountCode,
      new Decimal(String(l.LineAmount)).toFixed(2),
      l.Description,
    ]);

  it('lands each final journal once with its lines to the cent; a temporary one is left; an unchanged re-drain makes no call', async () => {
    const pair = await pairWithFlows(w, ['journal']);
    const ids = [
      await newJournal(FEES),
      await newJournal(
        [
          { account: '200', sense: 'debit', amountInCurrency: '0.10' },
          { account: '090', sense: 'credit', amountInCurrency: '0.10' },
        ],
        { description: 'Rounding' },
      ),
    ];
    const draft = await newJournal(FEES, { description: 'Not validated yet', validate: false });
    const journals = await readJournals([...ids, draft]);
    await accept(pair, journals);

    await drainUntilQuiet(w, pair, [FLOW]);

    const settled = await rows(pair);
    expect(settled.map((r) => [r.sourceKey, r.state, r.outcome?.action])).toEqual(
      [...ids.map((id) => [id, 'done', 'created']), [draft, 'done', 'skipped']].sort(),
    );
    const inXero = await xeroJournals(pair, [...ids, draft]);
    expect(inXero.map((j) => String(j.Narration)).sort()).toEqual([
      `X3 ${ids[0]}: Bank fees`,
      `X3 ${ids[1]}: Rounding`,
    ]);
    const fees = inXero.find((j) => String(j.Narration).startsWith(`X3 ${ids[0]}:`))!;
    expect([fees.Status, linesOf(fees)]).toEqual(['POSTED', FEES_IN_XERO]);
    const rounding = inXero.find((j) => String(j.Narration).startsWith(`X3 ${ids[1]}:`))!;
    expect(linesOf(rounding).map(([code, amount]) => [code, amount])).toEqual([
      ['200', '0.10'],
      ['090', '-0.10'],
    ]);
    // the Xero id each change settled with is the journal Xero holds
    const targets = settled.filter((r) => r.outcome?.action === 'created').map((r) => r.outcome?.targetId);
    expect(targets.sort()).toEqual(inXero.map((j) => j.ManualJournalID).sort());

    // The same journals again, unchanged: decided from the cross-references, no call to Xero.
    const before = await callsOf(w, pair);
    await accept(pair, journals);
    const again = await drainUntilQuiet(w, pair, [FLOW]);
    expect(again.reduce((n, r) => n + r.claimed, 0)).toBe(journals.length);
    expect(again.reduce((n, r) => n + r.written, 0)).toBe(0);
    expect(await callsOf(w, pair)).toBe(before);
    expect((await rows(pair)).map((r) => [r.sourceKey, r.outcome?.action])).toEqual(
      [...ids.map((id) => [id, 'unchanged']), [draft, 'skipped']].sort(),
    );
    expect(await xeroJournals(pair, ids)).toHaveLength(2);
  });

  it('a changed journal updates the Xero journal it is linked to, never a second copy', async () => {
    const pair = await pairWithFlows(w, ['journal']);
    const [journal] = await readJournals([await newJournal(FEES)]);
    await accept(pair, [journal]);
    await drainUntilQuiet(w, pair, [FLOW]);
    const [first] = await xeroJournals(pair, [journal._id]);

    await accept(pair, [{ ...journal, description: 'Bank fees, corrected' }]);
    await drainUntilQuiet(w, pair, [FLOW]);

    const [row] = await rows(pair);
    expect([row.state, row.outcome?.action, row.outcome?.targetId]).toEqual(['done', 'updated', first.ManualJournalID]);
    const now = await xeroJournals(pair, [journal._id]);
    expect(now.map((j) => [j.ManualJournalID, j.Narration])).toEqual([
      [first.ManualJournalID, `X3 ${journal._id}: Bank fees, corrected`],
    ]);
    expect(linesOf(now[0])).toEqual(FEES_IN_XERO);
  });

  it('after a write whose answer was lost, resends the same batch under the same Idempotency-Key: each journal once', async () => {
    const pair = await pairWithFlows(w, ['journal']);
    const journals = await readJournals([await newJournal(FEES), await newJournal(FEES, { description: 'Fees 2' })]);
    await accept(pair, journals);
    const drop = { kind: 'dropAfterWrite', pathContains: '/ManualJournals' };
    expect((await control(w.sb.url, pair.org, 'POST', '/faults', drop)).status).toBeLessThan(300);
    const job = { tenantId: pair.tenantId, integrationId: pair.integrationId, flowKey: FLOW };
    expect(await w.drain.run(job)).toMatchObject({ status: 'retrying' });
    const [batch] = await w.h.tx.run(pair.tenantId, (m) => m.find(XeroWriteBatch));
    expect([batch.entity, batch.status]).toEqual(['manualJournals', 'ambiguous']);

    await eventually(
      'the resent journals to settle',
      async () => {
        await w.drain.run(job);
        const now = await rows(pair);
        return now.every((r) => r.state === 'done') ? now : undefined;
      },
      60_000,
    );
    const batches = await w.h.tx.run(pair.tenantId, (m) => m.find(XeroWriteBatch));
    expect(batches.map((b) => [b.id, b.idempotencyKey, b.status])).toEqual([[batch.id, batch.idempotencyKey, 'done']]);
    const inXero = await xeroJournals(
      pair,
      journals.map((j) => j._id),
    );
    expect(inXero.map((j) => String(j.Narration)).sort()).toEqual(
      [`X3 ${journals[0]._id}: Bank fees`, `X3 ${journals[1]._id}: Fees 2`].sort(),
    );
  });

  it('a foreign-currency journal goes at its NZD ledger amounts; one whose converted lines do not balance is a dead letter naming the difference', async () => {
    const pair = await pairWithFlows(w, ['journal']);
    const usd = { currency: 'USD', exchangeRate: '1.6667' };
    const journals = await readJournals([
      await newJournal(
        [
          { account: '090', sense: 'debit', amountInCurrency: '30.00' },
          { account: '200', sense: 'credit', amountInCurrency: '30.00' },
        ],
        { ...usd, description: 'USD fees' },
      ),
      // 10.01 × 1.6667 = 16.68 twice, 20.02 × 1.6667 = 33.37: a cent apart in NZD
      await newJournal(
        [
          { account: '090', sense: 'debit', amountInCurrency: '10.01' },
          { account: '090', sense: 'debit', amountInCurrency: '10.01' },
          { account: '200', sense: 'credit', amountInCurrency: '20.02' },
        ],
        { ...usd, description: 'USD split' },
      ),
    ]);
    await accept(pair, journals);
    await drainUntilQuiet(w, pair, [FLOW]);

    const [carried, dead] = await rows(pair);
    expect([carried.sourceKey, carried.state, dead.sourceKey, dead.state, dead.lastError]).toEqual([
      journals[0]._id,
      'done',
      journals[1]._id,
      'dead',
      'refused by the mapping',
    ]);
    expect(dead.outcome?.messages).toEqual([expect.stringMatching(/off balance by -?0\.01/)]);
    const inXero = await xeroJournals(
      pair,
      journals.map((j) => j._id),
    );
    expect(inXero.map((j) => [j.Narration, linesOf(j).map(([code, amount]) => [code, amount])])).toEqual([
      [
        `X3 ${journals[0]._id}: USD fees`,
        [
          ['090', '50.00'],
          ['200', '-50.00'],
        ],
      ],
    ]);
  });

  const setLock = async (pair: Pair, periodLockDate: string) =>
    expect((await control(w.sb.url, pair.org, 'POST', '/lock-dates', { periodLockDate })).status).toBeLessThan(300);
  const batchCount = (pair: Pair) => w.h.tx.run(pair.tenantId, (m) => m.count(XeroWriteBatch));

  it('holds a journal dated in a locked period before any write, with the adjustment to make', async () => {
    const pair = await pairWithFlows(w, ['journal']);
    await setLock(pair, '2026-06-30');
    const [locked] = await readJournals([await newJournal(FEES, { date: '2026-06-15', description: 'Late fees' })]);
    await accept(pair, [locked]);
    await drainUntilQuiet(w, pair, [FLOW]);

    const [row] = await rows(pair);
    expect([row.sourceKey, row.state, row.outcome?.messages]).toEqual([
      locked._id,
      'held',
      ["dated 2026-06-15, on or before the organisation's period lock date 2026-06-30"],
    ]);
    expect(row.outcome?.proposal).toMatch(/post it in Xero dated after 2026-06-30/);
    expect(await batchCount(pair)).toBe(0);
    expect(await xeroJournals(pair, [locked._id])).toEqual([]);
  });

  it('a lock set after the drain read the organisation: Xero refuses, and the new journal and the change to a posted one are held, not dead', async () => {
    const pair = await pairWithFlows(w, ['journal']);
    const [posted] = await readJournals([await newJournal(FEES, { date: '2026-05-12' })]);
    await accept(pair, [posted]);
    await drainUntilQuiet(w, pair, [FLOW]);
    const [before] = await xeroJournals(pair, [posted._id]);

    // The drain keeps the organisation's facts a minute: within it the lock is met in Xero itself,
    // after it by the mapping's lock-date rule. Either way the record is held and nothing changes.
    await setLock(pair, '2026-06-30');
    const [locked] = await readJournals([await newJournal(FEES, { date: '2026-06-15', description: 'Late fees' })]);
    await accept(pair, [locked, { ...posted, description: 'Bank fees, re-described' }]);
    await drainUntilQuiet(w, pair, [FLOW]);

    const held = await rows(pair);
    expect(held.map((r) => [r.sourceKey, r.state])).toEqual(
      [
        [posted._id, 'held'],
        [locked._id, 'held'],
      ].sort(),
    );
    for (const r of held) {
      expect(r.outcome?.messages).toEqual([expect.stringMatching(/period lock date.*(30-Jun-2026|2026-06-30)/)]);
      expect(r.outcome?.proposal).toMatch(/after|adjust/);
    }
    const inXero = await xeroJournals(pair, [posted._id, locked._id]);
    expect(inXero.map((j) => [j.ManualJournalID, j.Narration, linesOf(j)])).toEqual([
      [before.ManualJournalID, before.Narration, FEES_IN_XERO],
    ]);
  });

  it('a journal on an account the mapping has no entry for waits for mapping; the others go on; the saved entry releases it', async () => {
    const pair = await pairWithFlows(w, ['journal']);
    const receivable: Line[] = [
      { account: '610', sense: 'debit', amountInCurrency: '12.34' },
      { account: '090', sense: 'credit', amountInCurrency: '12.34' },
    ];
    const journals = await readJournals([
      await newJournal(receivable, { description: 'Write-back' }),
      await newJournal(FEES),
    ]);
    await accept(pair, journals);
    await drainUntilQuiet(w, pair, [FLOW]);
    const settled = await rows(pair);
    expect(settled.map((r) => [r.sourceKey, r.state, r.waitingOn])).toEqual(
      [
        [journals[0]._id, 'waiting', 'mapping:journal-account:610'],
        [journals[1]._id, 'done', null],
      ].sort(),
    );
    const keys = journals.map((j) => j._id);
    expect((await xeroJournals(pair, keys)).map((j) => j.Narration)).toEqual([`X3 ${keys[1]}: Bank fees`]);

    // The accountant adds 610 to the table (to 260: Xero takes no manual journal on its receivable
    // system account): saving the version puts the waiting journal back in line; drained, it lands.
    const document = starterTemplate('NZ', 'journal');
    document.lookups
      .find((t) => t.name === 'journal-account')!
      .entries.push({ key: ['610'], value: { accountCode: '260' } });
    const key = { integrationId: pair.integrationId, entity: 'journal' as const, direction: 'x3-to-xero' as const };
    const by = { actor: { kind: 'system' as const, id: null }, origin: {} };
    const release = releaseWaitsOnMappingActivated(w.jobs);
    const versions = new MappingVersions(w.h.tx, new AuditTrail(), checkMappingDocument, release);
    await versions.save(pair.tenantId, key, { document, basedOnVersion: 1, comment: 'account 610' }, by);
    expect((await rows(pair)).map((r) => [r.sourceKey, r.state, r.waitingOn])).toEqual(
      [
        [journals[0]._id, 'pending', null],
        [journals[1]._id, 'done', null],
      ].sort(),
    );
    await drainUntilQuiet(w, pair, [FLOW]);
    expect((await rows(pair)).map((r) => [r.sourceKey, r.state, r.mappingVersion])).toEqual(
      [
        [journals[0]._id, 'done', 2],
        [journals[1]._id, 'done', 1],
      ].sort(),
    );
    const [released] = await xeroJournals(pair, [journals[0]._id]);
    expect(linesOf(released)).toEqual([
      ['260', '12.34', ''],
      ['090', '-12.34', ''],
    ]);
  });

  it("another tenant neither sees this integration's journals nor drains them", async () => {
    const pair = await pairWithFlows(w, ['journal']);
    const journals = await readJournals([await newJournal(FEES)]);
    await accept(pair, journals);
    const other = await pairWithFlows(w, ['journal']);
    const job = { tenantId: other.tenantId, integrationId: pair.integrationId, flowKey: FLOW };
    await expect(w.drain.run(job)).rejects.toThrow(DrainPermanentError);
    const seen = await w.h.tx.run(other.tenantId, (m) =>
      m.find(SyncPendingChange, { where: { integrationId: pair.integrationId } }),
    );
    expect(seen).toEqual([]);
    expect((await rows(pair)).map((r) => [r.sourceKey, r.state, r.claimId])).toEqual([
      [journals[0]._id, 'pending', null],
    ]);
    expect(await xeroJournals(other, [journals[0]._id])).toEqual([]);
    // its own drain still carries it, into its own organisation only
    await drainUntilQuiet(w, pair, [FLOW]);
    expect(await xeroJournals(pair, [journals[0]._id])).toHaveLength(1);
    expect(await xeroJournals(other, [journals[0]._id])).toEqual([]);
  });
});
