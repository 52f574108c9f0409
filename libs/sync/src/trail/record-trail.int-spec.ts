// The record trail and run log written by a real drain against the sandboxes (real PostgreSQL,
// Redis, the Xero connector and X3 transport over HTTP): runs with their counts and Xero calls,
// each record's accepted → mapped → written events with payloads before and after mapping, bank
// and tax numbers masked at rest (trail and dead letters), the retention purge and a Xero
// contact's GDPRREQUEST purge.
import { X3Record } from '#lb/connectors/sage-x3';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import {
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
  x3Records,
} from '../drain/testing/drain-world';
import { LANES } from '../pending/lanes';
import { NewPendingChange, PendingChanges } from '../pending/pending-changes.service';
import { RecordTrail } from './trail-reads';
import { RunTrail, withRunTrail } from './run-trail';
import { writeRunTrail } from './trail-writer';
import { purgeExpired } from './trail-purge';

jest.setTimeout(300_000);

const pending = new PendingChanges();
type Row = Record<string, unknown>;

describe('the record trail, written by the drain', () => {
  let w: DrainWorld;
  let pair: Pair;
  let trail: RecordTrail;
  beforeAll(async () => {
    w = await startDrainWorld();
    pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    trail = new RecordTrail(w.h.tx);
  });
  afterAll(() => stopDrainWorld(w));

  const q = <T = Row>(sql: string, params: unknown[] = []) =>
    w.h.tx.run(pair.tenantId, (m) => m.query<T[]>(sql, params));
  const accept = (changes: Array<Omit<NewPendingChange, 'integrationId'>>) =>
    w.h.tx.run(pair.tenantId, (m) =>
      pending.accept(
        m,
        pair.tenantId,
        changes.map((c) => ({ ...c, integrationId: pair.integrationId })),
      ),
    );

  it('records one run per drain with its counts and Xero calls, and every event of each invoice', async () => {
    const made = await x3Control(w.sb.url, w.folder, 'POST', '/bulk/sales-invoices', {
      site: 'NZ011',
      customers: 2,
      invoices: 3,
    });
    expect(made.status).toBe(201);
    const ids = new Set(made.body.invoices as string[]);
    const invoices: X3Record[] = (await x3Records(w, 'salesInvoice')).filter((r) => ids.has(r._id));
    await accept(
      invoices.map((r) => ({
        flowKey: 'invoices',
        entity: 'invoice',
        direction: 'x3-to-xero',
        sourceKey: r._id,
        lane: LANES.polling,
        source: r,
      })),
    );
    await drainUntilQuiet(w, pair, ['invoices', 'customers', 'products']);

    const runs = await trail.runs(pair.tenantId, pair.integrationId, { flow: 'invoices' });
    expect(runs.items.length).toBeGreaterThan(0);
    const written = runs.items.reduce((n, r) => n + r.counts.created + r.counts.updated, 0);
    expect(written).toBe(3);
    expect(runs.items.some((r) => r.xeroCalls > 0)).toBe(true);
    expect(runs.items.every((r) => r.outcome === 'ok' || r.counts.waiting > 0)).toBe(true);

    const key = invoices[0]._id;
    const events = await trail.record(pair.tenantId, pair.integrationId, key);
    const kinds = events.map((e) => e.event);
    expect(kinds[0]).toBe('accepted');
    expect(events[0].intake).toBe('poll');
    expect(kinds).toContain('mapped');
    expect(kinds[kinds.length - 1]).toBe('written');
    const mapped = events.find((e) => e.event === 'mapped')!;
    expect(mapped.before).toMatchObject({ _id: key });
    expect(mapped.after).toEqual(expect.objectContaining({ type: 'ACCREC', invoiceNumber: key }));
    const last = events[events.length - 1];
    expect(last.response?.targetId).toEqual(expect.any(String));
    expect(last.runId).toEqual(expect.any(String));

    // the Xero id finds the same record, by the trail search (prefix) and by its own trail
    const byTarget = await trail.search(pair.tenantId, pair.integrationId, { key: last.targetId!.slice(0, 12) });
    expect(byTarget.items.map((e) => e.sourceKey)).toContain(key);
    expect((await trail.record(pair.tenantId, pair.integrationId, last.targetId!)).map((e) => e.id)).toEqual(
      events.map((e) => e.id),
    );

    // the run's log lines are its events
    const run = await trail.run(pair.tenantId, pair.integrationId, last.runId!);
    expect(run.events.map((e) => e.id)).toContain(last.id);
  });

  it('masks bank and tax numbers at rest: in the trail and in the dead letter', async () => {
    const source = {
      _id: 'NZCMASK1',
      companyName: 'Masked Ltd',
      europeanUnionVatNumber: 'GB999999973',
      BankAccountDetails: '12-3456-7890123-00',
      BPCBPSBANK: [{ IBAN: 'NZ0212345678901234', BIDNUM: '0212345678901234' }],
      TaxNumber: '123-456-789',
    };
    await accept([
      { flowKey: 'customers', entity: 'customer', direction: 'x3-to-xero', sourceKey: 'NZCMASK1', lane: 2, source },
    ]);
    const run = new RunTrail(pair.tenantId, pair.integrationId, 'customers');
    await withRunTrail(run, () =>
      w.h.tx.run(pair.tenantId, async (m) => {
        const claim = await pending.claim(m, { integrationId: pair.integrationId, flowKey: 'customers' });
        const change = claim.changes.find((c) => c.sourceKey === 'NZCMASK1')!;
        run.mapped(change.id, source, {
          Name: 'Masked Ltd',
          TaxNumber: '123-456-789',
          BankAccountDetails: '1234567890',
        });
        for (const c of claim.changes) {
          await pending.settle(m, c, claim.claimId, {
            kind: 'dead',
            error: 'refused',
            outcome: { messages: ['TaxNumber is invalid'] },
          });
        }
      }),
    );
    await w.h.tx.run(pair.tenantId, (m) => writeRunTrail(m, run, { status: 'drained', direction: 'x3-to-xero' }));

    const stored = JSON.stringify(
      await q(`SELECT before, after FROM sync_record_events WHERE source_key = 'NZCMASK1'`),
    );
    const letter = JSON.stringify(await q(`SELECT source FROM sync_pending_changes WHERE source_key = 'NZCMASK1'`));
    for (const text of [stored, letter]) {
      for (const secret of [
        'GB999999973',
        '12-3456-7890123-00',
        'NZ0212345678901234',
        '0212345678901234',
        '123-456-789',
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(text).toContain('Masked Ltd');
    }
    expect(stored).toContain('•••••••9973');
    const [head] = await q<{ outcome: string; dead: number }>(`SELECT outcome, dead FROM sync_runs WHERE id = $1`, [
      run.runId,
    ]);
    expect(head).toEqual({ outcome: 'partial', dead: 1 });
  });

  it('purges trail rows, runs and dead-letter payloads past the retention period, in batches, and keeps the rest', async () => {
    await q(
      `INSERT INTO sync_record_events (tenant_id, integration_id, flow_key, entity, direction, event, at, source_key, record_key)
       SELECT $1, $2, 'customers', 'customer', 'x3-to-xero', 'accepted', now() - interval '100 days', 'OLD' || g, 'OLD' || g
       FROM generate_series(1, 12000) g`,
      [pair.tenantId, pair.integrationId],
    );
    await q(`UPDATE sync_pending_changes SET settled_at = now() - interval '100 days' WHERE source_key = 'NZCMASK1'`);
    const before = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM sync_record_events WHERE at > now() - interval '1 day'`,
    );

    const counts = await w.h.tx.run(pair.tenantId, (m) => purgeExpired(m, new Date(Date.now() - 90 * 86_400_000)));

    expect(counts.events).toBe(12000);
    expect(counts.deadLetterPayloads).toBe(1);
    expect(await q(`SELECT count(*)::int AS n FROM sync_record_events WHERE source_key LIKE 'OLD%'`)).toEqual([
      { n: 0 },
    ]);
    expect(await q(`SELECT count(*)::int AS n FROM sync_record_events WHERE at > now() - interval '1 day'`)).toEqual(
      before,
    );
    expect(await q(`SELECT source FROM sync_pending_changes WHERE source_key = 'NZCMASK1'`)).toEqual([
      { source: null },
    ]);
  });

  it('a Xero contact in GDPRREQUEST status: its trail and payloads are purged and it is no longer carried', async () => {
    const contactId = '5b8b1a7e-0000-4000-8000-00000000aaaa';
    const contact = { ContactID: contactId, Name: 'Forget Me Ltd', ContactStatus: 'ACTIVE', TaxNumber: '99-999-999' };
    const change = {
      flowKey: 'customers',
      entity: 'customer' as const,
      direction: 'xero-to-x3' as const,
      sourceKey: contactId,
      lane: 1,
    };
    await accept([{ ...change, source: contact }]);
    expect(await q(`SELECT count(*)::int AS n FROM sync_record_events WHERE source_key = $1`, [contactId])).toEqual([
      { n: 1 },
    ]);
    expect((await trail.record(pair.tenantId, pair.integrationId, 'Forget Me Ltd')).map((e) => e.event)).toEqual([
      'accepted',
    ]);

    await accept([{ ...change, source: { ...contact, ContactStatus: 'GDPRREQUEST' } }]);

    expect(await q(`SELECT count(*)::int AS n FROM sync_record_events WHERE source_key = $1`, [contactId])).toEqual([
      { n: 0 },
    ]);
    const rows = await q<{ state: string; source: unknown }>(
      `SELECT state, source FROM sync_pending_changes WHERE source_key = $1`,
      [contactId],
    );
    expect(rows).toEqual([{ state: 'done', source: null }]);
    await expect(trail.record(pair.tenantId, pair.integrationId, 'Forget Me Ltd')).rejects.toThrow(/No trail/);
  });
});
