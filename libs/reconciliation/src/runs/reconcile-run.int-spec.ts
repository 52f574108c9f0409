import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { runtimeDataSource } from '#lb/testing';
import { LedgerCopy, recordLedgerCopies } from '#lb/sync';
import { TenantWithIntegration, tenantWithIntegration } from '../../../sync/src/testing/integration-fixture';
import { ReconDifference } from './recon-difference.entity';
import { ReconRun } from './recon-run.entity';
import { reconcileRun } from './reconcile-run';
import { PAGE_SIZE, AmountsDueSource } from './side-stream';

const doc = (side: 'x3' | 'xero', number: string, over: Partial<LedgerCopy> = {}): LedgerCopy => ({
  side,
  entity: 'invoice',
  recordKey: side === 'x3' ? number : `xero-${number}`,
  matchKey: number,
  counterparty: 'C001',
  documentDate: '2026-11-20',
  currency: 'EUR',
  total: '100.00',
  amountDue: '100.00',
  status: 'authorised',
  ...over,
});
const pair = (number: string, over: Partial<LedgerCopy> = {}) => [doc('x3', number), doc('xero', number, over)];

describe('reconciliation runs over the ledger copies', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  let t: TenantWithIntegration;

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());
  beforeEach(async () => {
    t = await tenantWithIntegration(tx);
  });

  const seed = (copies: LedgerCopy[], who = t) =>
    tx.run(who.tenantId, (m) => recordLedgerCopies(m, who.tenantId, who.integrationId, copies));
  const newRun = (asOf = '2026-11-30', who = t) =>
    tx.run(who.tenantId, (m) =>
      m.save(m.create(ReconRun, { tenantId: who.tenantId, integrationId: who.integrationId, asOf })),
    );
  const differences = (runId: string) =>
    tx.run(t.tenantId, (m) => m.find(ReconDifference, { where: { runId }, order: { matchKey: 'ASC' } }));

  it('reports a clean pair as equal: zero differences', async () => {
    await seed([
      ...pair('FAC001'),
      ...pair('FAC002'),
      doc('x3', 'C001', { entity: 'customer', total: null, amountDue: null }),
    ]);
    await seed([doc('xero', 'C001', { entity: 'customer', recordKey: 'xero-c', total: null, amountDue: null })]);
    const run = await reconcileRun({ tx }, t.tenantId, (await newRun()).id);
    expect(run).toMatchObject({ state: 'done', counts: { compared: 3 } });
    expect(await differences(run.id)).toEqual([]);
  });

  it('finds and classifies every seeded difference, one per document', async () => {
    await seed([
      ...pair('FAC-CLEAN'),
      doc('x3', 'FAC-MISSING'),
      ...pair('FAC-CENT', { total: '100.01', amountDue: '100.01' }),
      ...pair('FAC-AMOUNT', { total: '90.00', amountDue: '90.00' }),
      ...pair('FAC-PAID', { status: 'paid', amountDue: '0' }),
      ...pair('FAC-DUP'),
      doc('xero', 'FAC-DUP', { recordKey: 'xero-FAC-DUP-2' }),
      ...pair('FAC-CUR', { currency: 'USD' }),
      doc('xero', 'INV-XERO-ONLY'),
      doc('x3', 'FAC-UNMAPPED'),
      // after the as-of date: not compared
      doc('x3', 'FAC-LATER', { documentDate: '2026-12-15' }),
    ]);
    // the unmapped one waits for a tax entry the mapping does not have
    await tx.run(t.tenantId, (m) =>
      m.query(
        `INSERT INTO sync_pending_changes (tenant_id, integration_id, flow_key, entity, direction, source_key, lane, state, waiting_on)
         VALUES ($1, $2, 'invoices', 'invoice', 'x3-to-xero', 'FAC-UNMAPPED', 2, 'waiting', 'mapping:taxCodes:FR-VAT-99')`,
        [t.tenantId, t.integrationId],
      ),
    );
    const run = await reconcileRun({ tx }, t.tenantId, (await newRun()).id);
    const got = await differences(run.id);
    expect(got.map((d) => [d.matchKey, d.differenceClass, d.fix.action])).toEqual([
      ['FAC-AMOUNT', 'amount', 'resend-x3'],
      ['FAC-CENT', 'rounding', 'resend-x3'],
      ['FAC-CUR', 'currency', 'resend-x3'],
      ['FAC-DUP', 'duplicate', 'void-duplicate'],
      ['FAC-MISSING', 'missingInXero', 'resend-x3'],
      ['FAC-PAID', 'status', 'carry-payment'],
      ['FAC-UNMAPPED', 'unmapped', 'add-mapping'],
      ['INV-XERO-ONLY', 'missingInX3', 'create-in-x3'],
    ]);
    expect(got.find((d) => d.matchKey === 'FAC-DUP')!.xero.map((c) => c.recordKey)).toEqual([
      'xero-FAC-DUP',
      'xero-FAC-DUP-2',
    ]);
    expect(got.every((d) => d.state === 'open' && d.likelyCause.length > 0)).toBe(true);
    expect(run.counts).toMatchObject({ compared: 9, amount: 1, rounding: 1, currency: 1, duplicate: 1, status: 1 });
  });

  it('merge-joins across keyset pages (more documents than a page, interleaved keys)', async () => {
    const n = PAGE_SIZE + 700;
    const copies: LedgerCopy[] = [];
    for (let i = 0; i < n; i++) {
      const number = `FAC${String(i).padStart(6, '0')}`;
      if (i % 3 !== 0) copies.push(doc('x3', number));
      if (i % 5 !== 0) copies.push(doc('xero', number));
    }
    for (let at = 0; at < copies.length; at += 1000) await seed(copies.slice(at, at + 1000));
    const run = await reconcileRun({ tx }, t.tenantId, (await newRun()).id);
    const onlyX3 = [...Array(n).keys()].filter((i) => i % 3 !== 0 && i % 5 === 0).length;
    const onlyXero = [...Array(n).keys()].filter((i) => i % 3 === 0 && i % 5 !== 0).length;
    expect(run.counts).toMatchObject({ missingInXero: onlyX3, missingInX3: onlyXero });
    expect(run.counts.amount ?? 0).toBe(0);
  });

  it('takes Xero amounts due from the aged-report seam (an edit that did not move UpdatedDateUTC)', async () => {
    await seed(pair('FAC001'));
    const aged: AmountsDueSource = { amountsDue: () => Promise.resolve(new Map([['xero-FAC001', '40.00']])) };
    const run = await reconcileRun({ tx, xeroAmountsDue: aged }, t.tenantId, (await newRun()).id);
    expect((await differences(run.id)).map((d) => [d.differenceClass, d.xero[0].amountDue])).toEqual([
      ['amount', '40.00'],
    ]);
  });

  it('a document the aged report says owed nothing is settled in Xero: a status difference, its payment carried to X3', async () => {
    await seed([...pair('FAC001'), ...pair('FAC002')]);
    const aged: AmountsDueSource = {
      amountsDue: () =>
        Promise.resolve(
          new Map([
            ['xero-FAC001', '0.00'],
            ['xero-FAC002', '100.00'],
          ]),
        ),
    };
    const run = await reconcileRun({ tx, xeroAmountsDue: aged }, t.tenantId, (await newRun()).id);
    expect(run.counts.status).toBe(1);
    const [found] = await differences(run.id);
    expect([found.matchKey, found.differenceClass, found.xero[0].amountDue, found.fix.action]).toEqual([
      'FAC001',
      'status',
      '0.00',
      'carry-payment',
    ]);
  });

  it('fails with a clear reason when a source is down, and a retry of the same run succeeds', async () => {
    await seed([...pair('FAC001'), doc('x3', 'FAC002')]);
    const down: AmountsDueSource = { amountsDue: () => Promise.reject(new Error('Xero answered 503')) };
    const { id } = await newRun();
    const failed = await reconcileRun({ tx, xeroAmountsDue: down }, t.tenantId, id);
    expect(failed).toMatchObject({ state: 'failed', failure: expect.stringContaining('Xero answered 503') });
    const retried = await reconcileRun({ tx }, t.tenantId, id);
    expect(retried).toMatchObject({ state: 'done', failure: null, counts: { missingInXero: 1 } });
    expect(await differences(id)).toHaveLength(1);
  });

  it('never sees another tenant: its run id is not found, its copies are not compared', async () => {
    const other = await tenantWithIntegration(tx);
    await seed([doc('x3', 'OTHER')], other);
    const theirs = await newRun('2026-11-30', other);
    await expect(reconcileRun({ tx }, t.tenantId, theirs.id)).rejects.toThrow();
    const mine = await reconcileRun({ tx }, t.tenantId, (await newRun()).id);
    expect(mine.counts.compared ?? 0).toBe(0);
  });
});
