/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import { createX3Transport, X3Error, X3Record } from '#lb/connectors/sage-x3';
import { purchaseInvoiceEntityOf, salesInvoiceEntityOf } from '#lb/mapping';
import { LANES } from '../pending';
import { DELETED_HASH } from './accept-page';
import { startTriggerWorld, TriggerWorld, x3Flow } from './trigger-test-world';

const MANUAL = { kind: 'manual' } as const;

describe('X3 poll into pending changes (PostgreSQL, X3 sandbox over HTTP)', () => {
  let w: TriggerWorld;

  beforeAll(async () => {
    w = await startTriggerWorld();
  });
  afterAll(() => w?.close());

  /** The selected customers: three categories of the seed, plus whatever FR10's documents use. */
  const SELECTED = { categories: ['AUS', 'NZL', 'GBR'] };

  async function customersFlow() {
    const t = await w.integration('FR10');
    await w.flows.save(t.tenantId, t.integrationId, 'customers', x3Flow('customer', { x3Scope: SELECTED }, MANUAL), {
      authorUserId: null,
    });
    return { ...t, scope: { integrationId: t.integrationId, flowKey: 'customers' } };
  }

  const keys = async (tenantId: string) => (await w.pending(tenantId, 'customers')).map((p) => p.sourceKey);

  const outboxJobs = (tenantId: string) =>
    w.tx.run(tenantId, (m) =>
      m.query<Array<{ job: string; job_id: string }>>(`SELECT job_name AS job, job_id FROM job_outbox ORDER BY id`),
    );

  it('reads new records once, only the selected and used shared records, and asks for a drain', async () => {
    const t = await customersFlow();
    const first = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' });
    expect(first).toMatchObject({ status: 'polled' });
    const read = await keys(t.tenantId);
    expect(read).toEqual(expect.arrayContaining(['AU001', 'AU002', 'AU003', 'AU004', 'AU005', 'GB001', 'NZ001']));
    expect(read).not.toContain('AO005'); // an Angolan customer no FR10 document uses: never the whole folder
    expect(read.length).toBeLessThan(21);
    expect(new Set(read).size).toBe(read.length);
    const rows = await w.pending(t.tenantId, 'customers');
    // a first read is a backfill, whatever lane asked for it
    expect(
      rows.every((r) => r.lane === LANES.backfill && r.entity === 'customer' && r.source?._id === r.sourceKey),
    ).toBe(true);
    expect((await outboxJobs(t.tenantId)).map((j) => j.job_id)).toContain(`drain:${t.integrationId}:customers`);

    const again = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' });
    expect(again).toMatchObject({ status: 'polled', accepted: 0 });
    expect(await keys(t.tenantId)).toEqual(read);
  });

  it('delivers A -> B -> A saved within one stamp second three times, end to end', async () => {
    const t = await customersFlow();
    await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' });
    // Each delivery is taken by a drain before the next save (settled done), so each is a new row.
    const settleAll = () =>
      w.tx.run(t.tenantId, (m) =>
        m.query(`UPDATE sync_pending_changes SET state = 'done', settled_at = now() WHERE state = 'pending'`),
      );
    await settleAll();
    const stamps: string[] = [];
    for (const companyName of ['Ledgerbridge A', 'Ledgerbridge B', 'Ledgerbridge A']) {
      const saved = await w.fx.control('POST', '/late-commits', {
        entity: 'customer',
        id: 'NZ001',
        changes: { companyName },
        secondsBehind: 10,
      });
      stamps.push(saved.body.updateStamp as string);
      const polled = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' });
      expect(polled).toMatchObject({ status: 'polled', accepted: 1 });
      await settleAll();
    }
    expect(new Set(stamps).size).toBe(1);
    const nz = (await w.pending(t.tenantId, 'customers')).filter((p) => p.sourceKey === 'NZ001');
    expect(nz.map((p) => p.source?.companyName)).toEqual(
      expect.arrayContaining(['Auckland Tech', 'Ledgerbridge A', 'Ledgerbridge B']),
    );
    expect(nz.filter((p) => p.source?.companyName === 'Ledgerbridge A')).toHaveLength(2);
    expect(nz).toHaveLength(4);
  });

  it('the comparison catches a commit older than the overlap window, and flags a deletion', async () => {
    const t = await customersFlow();
    await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'always' });
    await w.tx.run(t.tenantId, (m) => m.query(`UPDATE sync_pending_changes SET state = 'done'`));
    // Committed an hour behind the newest stamp: far below the 300 s overlap the poll re-reads.
    await w.fx.control('POST', '/late-commits', {
      entity: 'customer',
      id: 'AU002',
      changes: { companyName: 'Melbourne Hardware (late)' },
      secondsBehind: 3600,
    });
    const missed = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' });
    expect(missed).toMatchObject({ accepted: 0 });
    await w.deleteInX3('customer', 'AU004');

    const compared = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'always' });
    expect(compared).toMatchObject({ status: 'polled', compared: { changed: 1, deleted: 1 } });
    const open = (await w.pending(t.tenantId, 'customers')).filter((p) => p.state === 'pending');
    expect(open.map((p) => [p.sourceKey, p.source])).toEqual([
      ['AU002', expect.objectContaining({ companyName: 'Melbourne Hardware (late)' })],
      ['AU004', { _deleted: true, _id: 'AU004' }],
    ]);
    const [mark] = await w.tx.run(t.tenantId, (m) =>
      m.query<Array<{ content_hash: string }>>(
        `SELECT content_hash FROM x3_delivered_records WHERE consumer = $1 AND record_key = 'AU004'`,
        [`${t.integrationId}:customers`],
      ),
    );
    expect(mark.content_hash).toBe(DELETED_HASH);
    // A second comparison finds nothing new: neither the edit nor the deletion is flagged twice.
    const quiet = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'always' });
    expect(quiet).toMatchObject({ accepted: 0, compared: { changed: 0, deleted: 0 } });
  });

  it('a first read is not compared again (it read every record); the comparison comes due an hour later', async () => {
    const t = await customersFlow();
    const comparedAt = async () =>
      (
        await w.tx.run(t.tenantId, (m) =>
          m.query<Array<{ at: Date | null }>>(
            `SELECT compared_at AS at FROM sync_poll_schedules WHERE flow_key = 'customers'`,
          ),
        )
      )[0]?.at ?? null;
    const first = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling });
    expect(first).toMatchObject({ status: 'polled', compared: null });
    expect((first as { accepted: number }).accepted).toBeGreaterThan(5);
    expect(await comparedAt()).not.toBeNull();
    // not due yet: the next poll reads changes only
    expect(await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling })).toMatchObject({ compared: null });
    // an hour on, the comparison runs over what the first read delivered (and finds it all in step)
    await w.tx.run(t.tenantId, (m) =>
      m.query(`UPDATE sync_poll_schedules SET compared_at = now() - interval '3601 seconds'`),
    );
    const hourly = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling });
    expect(hourly).toMatchObject({ compared: { read: expect.any(Number), changed: 0, deleted: 0 } });
    expect((hourly as { compared: { read: number } }).compared.read).toBeGreaterThan(5);
  });

  it('a poll reads 15 s below the mark and queues the due wide re-read as a poll of its own, which catches a commit a minute late', async () => {
    const t = await customersFlow();
    await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' });
    await w.tx.run(t.tenantId, (m) => m.query(`UPDATE sync_pending_changes SET state = 'done'`));
    const saved = await w.fx.control('POST', '/late-commits', {
      entity: 'customer',
      id: 'AU003',
      changes: { companyName: 'Sydney Supplies (a minute late)' },
      secondsBehind: 1,
    });
    expect(saved.status).toBe(201);
    const late = Date.parse(saved.body.updateStamp as string);
    // the mark a minute past that commit; the last wide read two minutes ago
    const cursorAt = (wideAgoS: number) =>
      w.tx.run(t.tenantId, (m) =>
        m.query(`UPDATE sync_flow_cursors SET cursor = $1::jsonb WHERE flow_key = 'customers'`, [
          JSON.stringify({
            stamp: new Date(late + 60_000).toISOString(),
            overlapSeconds: 300,
            wideReadAt: new Date(Date.now() - wideAgoS * 1000).toISOString(),
          }),
        ]),
      );
    const wideJobs = async () =>
      (await outboxJobs(t.tenantId)).filter((j) => j.job_id === `poll-x3-wide:${t.integrationId}:customers`);

    await cursorAt(20);
    expect(await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' })).toMatchObject({
      accepted: 0,
    });
    expect(await wideJobs()).toEqual([]); // a wide read 20 s ago: not due

    await cursorAt(120);
    expect(await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' })).toMatchObject({
      accepted: 0,
    });
    expect(await wideJobs()).toHaveLength(1);

    const wide = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never', window: 'wide' });
    expect(wide).toMatchObject({ accepted: 1 });
    const open = (await w.pending(t.tenantId, 'customers')).filter((p) => p.state === 'pending');
    expect(open.map((p) => [p.sourceKey, p.source?.companyName])).toEqual([
      ['AU003', 'Sydney Supplies (a minute late)'],
    ]);
    // the wide read is remembered though its mark was not higher: the next poll queues none
    const [{ cursor }] = await w.tx.run(t.tenantId, (m) =>
      m.query<Array<{ cursor: { stamp: string; wideReadAt: string } }>>(
        `SELECT cursor FROM sync_flow_cursors WHERE flow_key = 'customers'`,
      ),
    );
    expect(cursor.stamp).toBe(new Date(late + 60_000).toISOString());
    expect(Date.now() - Date.parse(cursor.wideReadAt)).toBeLessThan(30_000);
  });

  it('a flow whose cursor is gone but whose records were delivered is compared on its next read (deletions)', async () => {
    const t = await customersFlow();
    await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' });
    await w.tx.run(t.tenantId, (m) => m.query(`DELETE FROM sync_flow_cursors WHERE flow_key = 'customers'`));
    await w.deleteInX3('customer', 'AU005');
    const reread = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling });
    expect(reread).toMatchObject({ compared: { deleted: 1 } });
  });

  it('a crash after accepting, before the cursor is saved, re-reads without duplicating pending changes', async () => {
    const t = await customersFlow();
    const crash = new Error('worker killed before the cursor was saved');
    await expect(
      w.poll.poll(t.tenantId, t.scope, {
        lane: LANES.polling,
        compare: 'never',
        beforeCursorSave: () => Promise.reject(crash),
      }),
    ).rejects.toBe(crash);
    const accepted = await keys(t.tenantId);
    expect(accepted.length).toBeGreaterThan(0);
    const cursor = await w.tx.run(t.tenantId, (m) =>
      m.query(`SELECT cursor FROM sync_flow_cursors WHERE flow_key = 'customers'`),
    );
    expect(cursor).toEqual([]);
    const rerun = await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling, compare: 'never' });
    expect(rerun).toMatchObject({ status: 'polled', accepted: 0 });
    expect(await keys(t.tenantId)).toEqual(accepted);
  });

  it('reads only the company’s documents, of the flow’s entity (invoices, not credit memos)', async () => {
    const t = await w.integration('FR10');
    await w.flows.save(t.tenantId, t.integrationId, 'invoices', x3Flow('invoice', {}, MANUAL), { authorUserId: null });
    await w.poll.poll(t.tenantId, { integrationId: t.integrationId, flowKey: 'invoices' }, { lane: LANES.polling });
    const rows = await w.pending(t.tenantId, 'invoices');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.source?.company === 'FR10')).toBe(true);
    expect(rows.every((r) => r.entity === 'invoice' && salesInvoiceEntityOf(r.source!) === 'invoice')).toBe(true);
  });

  it('a credit-notes flow reads supplier credit notes (PINVOICE) too, under a cursor of their own, never a bill', async () => {
    const t = await w.integration('FR10');
    await w.flows.save(t.tenantId, t.integrationId, 'credit-notes', x3Flow('creditNote', {}, MANUAL), {
      authorUserId: null,
    });
    const x3 = createX3Transport({ ...w.fx.settings, companies: ['FR10'], allowPrivateTargets: true });
    let memo: string;
    try {
      let bill: X3Record | undefined;
      for await (const r of x3.list('purchaseInvoice')) if (purchaseInvoiceEntityOf(r) === 'bill') bill ??= r;
      const line = (bill!.lines as Array<Record<string, unknown>>)[0];
      memo = (
        await x3.create('purchaseInvoice', {
          invoiceType: 'creditMemo',
          site: bill!.site,
          billBySupplier: bill!.billBySupplier,
          originalInvoice: bill!._id,
          lines: [{ product: line.product, quantityInPurchaseUnitInvoiced: '1', netPrice: '1.00' }],
        })
      )._id;
    } finally {
      x3.close();
    }
    const scope = { integrationId: t.integrationId, flowKey: 'credit-notes' };
    await w.poll.poll(t.tenantId, scope, { lane: LANES.polling, compare: 'never' });
    const rows = await w.pending(t.tenantId, 'credit-notes');
    const supplierNotes = rows.filter((r) => r.source?.billBySupplier !== undefined);
    expect(supplierNotes.map((r) => r.sourceKey)).toContain(memo);
    expect(
      supplierNotes.every((r) => r.entity === 'creditNote' && purchaseInvoiceEntityOf(r.source!) === 'creditNote'),
    ).toBe(true);
    expect(supplierNotes.find((r) => r.sourceKey === memo)?.source?.originalInvoice).toBeTruthy();
    const salesNotes = rows.filter((r) => r.source?.billBySupplier === undefined);
    expect(salesNotes.length).toBeGreaterThan(0); // the folder's FR credit memo
    expect(salesNotes.every((r) => salesInvoiceEntityOf(r.source!) === 'creditNote')).toBe(true);
    const sides = await w.tx.run(t.tenantId, (m) =>
      m.query<Array<{ side: string }>>(
        `SELECT side FROM sync_flow_cursors WHERE flow_key = 'credit-notes' ORDER BY side`,
      ),
    );
    expect(sides.map((c) => c.side)).toEqual(['x3', 'x3:purchaseInvoice']);
    const again = await w.poll.poll(t.tenantId, scope, { lane: LANES.polling, compare: 'never' });
    expect(again).toMatchObject({ status: 'polled', accepted: 0 });
  });

  it('an X3 that does not answer fails that poll alone (retryable, cursor untouched); other tenants poll on', async () => {
    const down = await w.integration('FR10', 'http://127.0.0.1:1');
    await w.flows.save(
      down.tenantId,
      down.integrationId,
      'customers',
      x3Flow('customer', { x3Scope: SELECTED }, MANUAL),
      {
        authorUserId: null,
      },
    );
    const failed = await w.poll
      .poll(down.tenantId, { integrationId: down.integrationId, flowKey: 'customers' }, { lane: LANES.polling })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(failed).toBeInstanceOf(X3Error);
    expect(['auth', 'configuration']).not.toContain((failed as X3Error).kind); // the processor lets Bull retry it
    expect(await w.tx.run(down.tenantId, (m) => m.query(`SELECT 1 FROM sync_flow_cursors`))).toEqual([]);
    expect(await keys(down.tenantId)).toEqual([]);
    const healthy = await customersFlow();
    expect(await w.poll.poll(healthy.tenantId, healthy.scope, { lane: LANES.polling, compare: 'never' })).toMatchObject(
      {
        status: 'polled',
      },
    );
    expect((await keys(healthy.tenantId)).length).toBeGreaterThan(0);
  });

  it('a paused integration or a disabled flow does not read', async () => {
    const t = await customersFlow();
    await w.tx.run(t.tenantId, (m) =>
      m.query(`UPDATE integrations SET pause_reasons = '{user}' WHERE id = $1`, [t.integrationId]),
    );
    expect(await w.poll.poll(t.tenantId, t.scope, { lane: LANES.polling })).toEqual({
      status: 'skipped',
      reason: 'paused',
    });
    expect(await keys(t.tenantId)).toEqual([]);
    const off = await w.integration('FR10');
    await w.flows.save(
      off.tenantId,
      off.integrationId,
      'customers',
      { ...x3Flow('customer', {}, MANUAL), enabled: false },
      {
        authorUserId: null,
      },
    );
    const scope = { integrationId: off.integrationId, flowKey: 'customers' };
    expect(await w.poll.poll(off.tenantId, scope, { lane: LANES.polling })).toEqual({
      status: 'skipped',
      reason: 'disabled',
    });
  });
});
