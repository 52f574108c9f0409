// A run made while the sync carries records: a difference whose record has an open change in the
// mending direction says "in flight" (or, when nothing can move it, what holds it up); everything
// else keeps its cause. The fix is never changed.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { runtimeDataSource } from '#lb/testing';
import { FlowVersions, LedgerCopy, LedgerCopyEntity, recordLedgerCopies } from '#lb/sync';
import { upsertFlow } from '../../../sync/src/flows/testing/upsert-flow';
import { TenantWithIntegration, tenantWithIntegration } from '../../../sync/src/testing/integration-fixture';
import { ReconDifference } from './recon-difference.entity';
import { ReconRun } from './recon-run.entity';
import { reconcileRun } from './reconcile-run';

const copy = (
  side: 'x3' | 'xero',
  entity: LedgerCopyEntity,
  key: string,
  record: string,
  total: string | null,
): LedgerCopy => ({
  side,
  entity,
  recordKey: record,
  matchKey: key,
  counterparty: 'C001',
  documentDate: '2026-11-20',
  currency: 'NZD',
  total,
  amountDue: total,
  status: 'authorised',
});
/** An X3 invoice whose Xero copy is 10.00 short: an amount difference. */
const invoicePair = (n: string) => [
  copy('x3', 'invoice', n, n, '100.00'),
  copy('xero', 'invoice', n, `xero-${n}`, '90.00'),
];
/** A contact only Xero has: missing in X3. */
const xeroContact = (code: string) => copy('xero', 'customer', code, `abc-${code.toLowerCase()}`, null);

describe('reconciliation: differences the sync is carrying now', () => {
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
    const flows = new FlowVersions(tx);
    const author = { authorUserId: randomUUID() };
    await flows.save(t.tenantId, t.integrationId, 'customers', upsertFlow('customer', 'both-ways'), author);
    await flows.save(t.tenantId, t.integrationId, 'invoices', upsertFlow('invoice', 'x3-to-xero'), author);
    // the first-connection matching confirmed: the drain may write to Xero
    await sql(
      `INSERT INTO sync_matchings (tenant_id, integration_id, run_id, computed_at, counts, shared, taken_names, confirmed_at)
       VALUES ($1, $2, gen_random_uuid(), now(), '{}', '[]', '[]', now())`,
      [t.tenantId, t.integrationId],
    );
  });

  const sql = (query: string, params: unknown[] = [], who = t) => tx.run(who.tenantId, (m) => m.query(query, params));
  const seed = (copies: LedgerCopy[], who = t) =>
    tx.run(who.tenantId, (m) => recordLedgerCopies(m, who.tenantId, who.integrationId, copies));
  const change = (
    o: { entity: string; direction: string; key: string; state: string; flow?: string; waitingOn?: string },
    who = t,
  ) =>
    sql(
      `INSERT INTO sync_pending_changes (tenant_id, integration_id, flow_key, entity, direction, source_key, lane, state, attempts, waiting_on)
       VALUES ($1, $2, $3, $4, $5, $6, 2, $7, $8, $9)`,
      [
        who.tenantId,
        who.integrationId,
        o.flow ?? (o.entity === 'invoice' ? 'invoices' : 'customers'),
        o.entity,
        o.direction,
        o.key,
        o.state,
        o.state === 'claimed' ? 2 : 0,
        o.waitingOn ?? null,
      ],
      who,
    );
  /** The run's differences: [match key, class, fix, the start of the likely cause]. */
  const run = async () => {
    const r = await tx.run(t.tenantId, (m) =>
      m.save(m.create(ReconRun, { tenantId: t.tenantId, integrationId: t.integrationId, asOf: '2026-11-30' })),
    );
    await reconcileRun({ tx }, t.tenantId, r.id);
    const found = await tx.run(t.tenantId, (m) =>
      m.find(ReconDifference, { where: { runId: r.id }, order: { matchKey: 'ASC' } }),
    );
    return found.map((d) => ({ key: d.matchKey, cls: d.differenceClass, fix: d.fix.action, cause: d.likelyCause }));
  };
  const starts = (cause: string) => cause.split(':')[0];

  it('an open change in the mending direction is in flight; held, settled, mapping waits and strangers are not', async () => {
    await seed([
      ...invoicePair('FAC-TO-XERO'),
      ...invoicePair('FAC-QUIET'),
      xeroContact('C-NEW'),
      xeroContact('C-HELD'),
      xeroContact('C-OTHER'),
      xeroContact('C-WAITS'),
      copy('x3', 'invoice', 'FAC-UNMAPPED', 'FAC-UNMAPPED', '100.00'),
    ]);
    const other = await tenantWithIntegration(tx);
    await change({ entity: 'invoice', direction: 'x3-to-xero', key: 'FAC-TO-XERO', state: 'claimed' });
    // Xero ids arrive in either case: the copies keep them lower-case
    await change({ entity: 'customer', direction: 'xero-to-x3', key: 'ABC-C-NEW', state: 'pending' });
    // held for review is not in flight: only the admin's approval moves it
    await change({ entity: 'customer', direction: 'xero-to-x3', key: 'abc-c-held', state: 'held' });
    // waiting for its parent record is on its way
    await change({
      entity: 'customer',
      direction: 'xero-to-x3',
      key: 'abc-c-waits',
      state: 'waiting',
      waitingOn: 'customer:C-PARENT',
    });
    // waiting for a mapping entry: unmapped, its fix adds the entry
    await change({
      entity: 'invoice',
      direction: 'x3-to-xero',
      key: 'FAC-UNMAPPED',
      state: 'waiting',
      waitingOn: 'mapping:taxCodes:NZZ',
    });
    // another tenant's open change for the same key explains nothing here
    await change({ entity: 'customer', direction: 'xero-to-x3', key: 'abc-c-other', state: 'pending' }, other);
    // a settled change is not in flight
    await change({ entity: 'invoice', direction: 'x3-to-xero', key: 'FAC-QUIET', state: 'done' });

    const got = await run();
    expect(got.map((d) => [d.key, d.cls, d.fix, starts(d.cause)])).toEqual([
      ['C-HELD', 'missingInX3', 'create-in-x3', 'the record was keyed in Xero directly, or deleted in X3'],
      ['C-NEW', 'missingInX3', 'create-in-x3', 'in flight'],
      ['C-OTHER', 'missingInX3', 'create-in-x3', 'the record was keyed in Xero directly, or deleted in X3'],
      ['C-WAITS', 'missingInX3', 'create-in-x3', 'in flight'],
      ['FAC-QUIET', 'amount', 'resend-x3', expect.not.stringMatching(/in flight|held up/)],
      ['FAC-TO-XERO', 'amount', 'resend-x3', 'in flight'],
      ['FAC-UNMAPPED', 'unmapped', 'add-mapping', "the mapping's taxCodes has no entry for NZZ"],
    ]);
    const cause = (key: string) => got.find((d) => d.key === key)!.cause;
    expect(cause('FAC-TO-XERO')).toMatch(
      /^in flight: the sync is carrying this record \(a change to Xero open since \d{4}-\d\d-\d\dT[\d:]+Z in the invoices flow, retried 2 times\); the next run should find it equal\. If it does not: /,
    );
    expect(cause('C-NEW')).toContain('a change to X3 open since');
    expect(cause('C-NEW')).toContain('queued');
    expect(cause('C-WAITS')).toContain('waiting for the record it depends on');
  });

  it('before the first-connection matching is confirmed a change to Xero is held up; one to X3 is not', async () => {
    await seed([xeroContact('C-A'), ...invoicePair('FAC-B')]);
    await change({ entity: 'customer', direction: 'xero-to-x3', key: 'abc-c-a', state: 'pending' });
    await change({ entity: 'invoice', direction: 'x3-to-xero', key: 'FAC-B', state: 'pending' });
    await sql(`UPDATE sync_matchings SET confirmed_at = NULL WHERE integration_id = $1`, [t.integrationId]);
    const got = await run();
    expect(got.map((d) => [d.key, starts(d.cause)])).toEqual([
      ['C-A', 'in flight'],
      ['FAC-B', 'held up'],
    ]);
    expect(got[1].cause).toContain('but the first-connection matching is not confirmed yet;');
  });

  it('a change nothing moves (integration or flow paused, flow switched off or gone) is held up, with the reason', async () => {
    await seed([xeroContact('C-A'), ...invoicePair('FAC-B'), xeroContact('C-C')]);
    await change({ entity: 'customer', direction: 'xero-to-x3', key: 'abc-c-a', state: 'pending' });
    await change({ entity: 'invoice', direction: 'x3-to-xero', key: 'FAC-B', state: 'pending' });
    await change({ entity: 'customer', direction: 'xero-to-x3', key: 'abc-c-c', state: 'pending', flow: 'gone' });
    await sql(
      `UPDATE sync_flow_heads SET pause_reasons = '{billing}' WHERE integration_id = $1 AND flow_key = 'customers'`,
      [t.integrationId],
    );
    const paused = await run();
    expect(paused.map((d) => [d.key, starts(d.cause)])).toEqual([
      ['C-A', 'held up'],
      ['C-C', 'held up'],
      ['FAC-B', 'in flight'],
    ]);
    expect(paused[0].cause).toContain('in the customers flow, but that flow is paused; it moves once that is undone');
    expect(paused[1].cause).toContain('but that flow no longer exists');

    // the flow switched off: its changes wait; the integration paused: every change waits
    await new FlowVersions(tx).save(
      t.tenantId,
      t.integrationId,
      'invoices',
      { ...upsertFlow('invoice', 'x3-to-xero'), enabled: false },
      { authorUserId: randomUUID() },
    );
    expect((await run()).find((d) => d.key === 'FAC-B')!.cause).toContain('but that flow is switched off');
    await sql(`UPDATE integrations SET pause_reasons = '{user}' WHERE id = $1`, [t.integrationId]);
    const all = await run();
    expect(all.map((d) => [d.key, d.fix, d.cause.match(/but ([^;]+);/)?.[1]])).toEqual([
      ['C-A', 'create-in-x3', 'the integration is paused'],
      ['C-C', 'create-in-x3', 'the integration is paused'],
      ['FAC-B', 'resend-x3', 'the integration is paused'],
    ]);
  });
});
