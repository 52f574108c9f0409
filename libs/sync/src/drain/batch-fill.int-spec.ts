// A part batch waits a moment for records being released (SYNC_BATCH_FILL_MS), on the sandboxes:
// invoices released by one landed customer are held while another customer they share a flow with
// is being carried, then go out together in one batch; never for releases that are not coming, and
// never longer than the wait.
import { X3Record } from '#lb/connectors/sage-x3';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { LANES } from '../pending/lanes';
import { NewPendingChange, PendingChanges } from '../pending/pending-changes.service';
import { SyncDrain } from './sync-drain';
import {
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
  x3Records,
} from './testing/drain-world';

jest.setTimeout(300_000);

// The worker waits 2 s to fill a batch and counts a backfill as arriving for 5 s: real time, which a
// loaded CI host can spend between two steps of a test. Here both are a minute, and the cases that
// need them over age the rows by SQL instead of waiting.
const FILL_MS = 60_000;
const FILL_S = FILL_MS / 1000;
const ARRIVING_MS = 60_000;
const AGED_OUT = `updated_at = now() - interval '${ARRIVING_MS / 1000 + 1} seconds'`;
const pending = new PendingChanges();

describe('a part batch held for records being released', () => {
  let w: DrainWorld;
  let fill: SyncDrain;
  beforeAll(async () => {
    w = await startDrainWorld();
    fill = new SyncDrain(w.deps, { fillWaitMs: FILL_MS, arrivingMs: ARRIVING_MS });
  });
  afterAll(() => stopDrainWorld(w));

  /** Two new X3 customers with two posted invoices each, accepted as pending invoice changes. */
  async function twoCustomersFourInvoices(pair: Pair): Promise<{ invoices: X3Record[]; customers: string[] }> {
    const made = await x3Control(w.sb.url, w.folder, 'POST', '/bulk/sales-invoices', {
      site: 'NZ011',
      customers: 2,
      invoices: 4,
    });
    expect(made.status).toBe(201);
    const ids = new Set(made.body.invoices as string[]);
    const invoices = (await x3Records(w, 'salesInvoice')).filter((r) => ids.has(r._id));
    const changes: NewPendingChange[] = invoices.map((r) => ({
      integrationId: pair.integrationId,
      flowKey: 'invoices',
      entity: 'invoice',
      direction: 'x3-to-xero',
      sourceKey: r._id,
      lane: LANES.polling,
      source: r,
    }));
    await w.h.tx.run(pair.tenantId, (m) => pending.accept(m, pair.tenantId, changes));
    return { invoices, customers: [...new Set(invoices.map((i) => String(i.billToCustomer)))].sort() };
  }

  const invoiceFlow = (pair: Pair) => ({
    tenantId: pair.tenantId,
    integrationId: pair.integrationId,
    flowKey: 'invoices',
  });
  const customerRow = (pair: Pair, key: string, set: string) =>
    w.h.tx.run(pair.tenantId, (m) =>
      m.query(`UPDATE sync_pending_changes SET ${set} WHERE flow_key = 'customers' AND source_key = $1`, [key]),
    );
  const outboxIds = (pair: Pair) =>
    w.h.tx.run(pair.tenantId, async (m) =>
      (await m.query<Array<{ job_id: string }>>(`SELECT job_id FROM job_outbox ORDER BY id`)).map((r) => r.job_id),
    );

  /** The invoices claimed once (all wait on their customers, pulled in); the first customer lands, the second is still being carried. */
  async function oneCustomerLanded(pair: Pair) {
    const { invoices, customers } = await twoCustomersFourInvoices(pair);
    expect(customers).toHaveLength(2);
    const first = await fill.run(invoiceFlow(pair));
    expect(first).toMatchObject({ status: 'drained', claimed: 4, written: 0 });
    await customerRow(pair, customers[1], `available_at = now() + interval '1 hour'`);
    await drainUntilQuiet(w, pair, ['customers', 'products']);
    return { invoices, customers };
  }

  it('holds the landed customer’s invoices while the other customer is carried, then sends all four in one batch', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    const { customers } = await oneCustomerLanded(pair);

    const held = await fill.run(invoiceFlow(pair));
    expect(held).toMatchObject({ status: 'filling', claimed: 0, batches: 0, continued: true });
    // it comes back by itself, deduplicated per flow (the release of the others asks for a drain too)
    expect(await outboxIds(pair)).toContain(`drain:${pair.integrationId}:invoices:fill:a`);

    await customerRow(pair, customers[1], 'available_at = now()');
    await drainUntilQuiet(w, pair, ['customers']);
    const sent = await fill.run(invoiceFlow(pair));
    expect(sent).toMatchObject({ status: 'drained', claimed: 4, batches: 1, written: 4 });
  });

  it('does not hold for a release that is not coming, nor longer than the wait', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    await oneCustomerLanded(pair);
    // the ready invoices have waited the whole fill time already: they go now
    await w.h.tx.run(pair.tenantId, (m) =>
      m.query(
        `UPDATE sync_pending_changes SET available_at = now() - interval '${FILL_S + 1} seconds'
         WHERE flow_key = 'invoices' AND state = 'pending'`,
      ),
    );
    const late = await fill.run(invoiceFlow(pair));
    expect(late).toMatchObject({ status: 'drained', claimed: 2, batches: 1, written: 2 });
    expect(late.partBatch).toMatchObject({ reason: 'waited-out', ready: 2, coming: 2 });

    // the second customer's change is held (a person must look at it): nothing is coming for its invoices
    const pair2 = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    const two = await oneCustomerLanded(pair2);
    await customerRow(pair2, two.customers[1], `state = 'held', claim_id = NULL`);
    const now = await fill.run(invoiceFlow(pair2));
    expect(now).toMatchObject({ status: 'drained', claimed: 2, batches: 1, written: 2 });
    expect(now.partBatch).toMatchObject({ reason: 'nothing-coming', ready: 2, coming: 0 });
  });

  it('holds a backfill part batch a minute while its prerequisites are carried, then sends it', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    await oneCustomerLanded(pair);
    const backfill = (ageSeconds: number) =>
      w.h.tx.run(pair.tenantId, (m) =>
        m.query(
          `UPDATE sync_pending_changes SET lane = $1, available_at = now() - make_interval(secs => $2)
           WHERE flow_key = 'invoices' AND state = 'pending'`,
          [LANES.backfill, ageSeconds],
        ),
      );
    // ready for half the backfill wait (30 × the fill wait): a polling change would have gone already
    await backfill(FILL_S * 15);
    expect(await fill.run(invoiceFlow(pair))).toMatchObject({ status: 'filling', claimed: 0, batches: 0 });
    // past the backfill wait (a minute in the worker): it goes, and says why
    await backfill(FILL_S * 30 + 1);
    const sent = await fill.run(invoiceFlow(pair));
    expect(sent).toMatchObject({ status: 'drained', claimed: 2, batches: 1, written: 2 });
    expect(sent.partBatch).toMatchObject({ reason: 'waited-out', ready: 2, coming: 2, lane: LANES.backfill });
  });

  it('a full backfill claim thinned out by waits puts its ready changes back in line, to go with the next ones in a full batch', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    // 52 invoices of two new customers, alternately, read by a folder's first poll (backfill lane)
    const made = await x3Control(w.sb.url, w.folder, 'POST', '/bulk/sales-invoices', {
      site: 'NZ011',
      customers: 2,
      invoices: 52,
    });
    expect(made.status).toBe(201);
    const ids = new Set(made.body.invoices as string[]);
    const invoices = (await x3Records(w, 'salesInvoice')).filter((r) => ids.has(r._id));
    expect(invoices).toHaveLength(52);
    const [first, second] = made.body.customers as string[];
    await w.h.tx.run(pair.tenantId, (m) =>
      pending.accept(
        m,
        pair.tenantId,
        invoices.map((r) => ({
          integrationId: pair.integrationId,
          flowKey: 'invoices',
          entity: 'invoice' as const,
          direction: 'x3-to-xero' as const,
          sourceKey: r._id,
          lane: LANES.backfill,
          source: r,
        })),
      ),
    );
    // the first claim pulls both customers in; the first one lands, the second is still on its way
    expect(await fill.run(invoiceFlow(pair))).toMatchObject({ claimed: 50, batches: 0, written: 0 });
    await customerRow(pair, second, `available_at = now() + interval '1 hour'`);
    await drainUntilQuiet(w, pair, ['customers', 'products']);
    expect(invoices.filter((r) => String(r.billToCustomer) === first)).toHaveLength(26);
    const placeOf = () =>
      w.h.tx.run(pair.tenantId, (m) =>
        m.query<Array<{ source_key: string; state: string; available_at: Date }>>(
          `SELECT source_key, state, available_at FROM sync_pending_changes
           WHERE flow_key = 'invoices' AND state IN ('pending', 'claimed') ORDER BY source_key`,
        ),
      );
    // A full claim mixes changes whose customer is in Xero with ones whose customer is not (their
    // readiness is known only once mapped): all 52 back to never-claimed pending, in line as before.
    await w.h.tx.run(pair.tenantId, (m) =>
      m.query(
        `UPDATE sync_pending_changes SET state = 'pending', waiting_on = NULL, claim_id = NULL, claimed_until = NULL
         WHERE flow_key = 'invoices' AND state IN ('waiting', 'pending')`,
      ),
    );
    const before = await placeOf();
    expect(before).toHaveLength(52);
    const thinned = await fill.run(invoiceFlow(pair));
    // 50 claimed: the first customer's ready, the second's waiting on it: none sent, the ready put back
    expect(thinned).toMatchObject({ claimed: 50, batches: 0, written: 0 });
    expect(thinned.refilled).toBeGreaterThanOrEqual(24);
    const after = await placeOf();
    const back = after.filter((r) => r.state === 'claimed');
    expect(back).toHaveLength(thinned.refilled!);
    const firsts = new Set(invoices.filter((r) => String(r.billToCustomer) === first).map((r) => r._id));
    expect(back.every((r) => firsts.has(r.source_key))).toBe(true);
    // at their place in line: available_at unchanged, their lease run out (a claim takes them first)
    const placeBefore = new Map(before.map((r) => [r.source_key, new Date(r.available_at).getTime()]));
    for (const r of back) expect(new Date(r.available_at).getTime()).toBe(placeBefore.get(r.source_key));

    // the second customer lands: a full batch of 50 goes (the ones put back among them), then the last 2
    await customerRow(pair, second, 'available_at = now()');
    await drainUntilQuiet(w, pair, ['customers']);
    const full = await fill.run(invoiceFlow(pair));
    expect(full).toMatchObject({ claimed: 50, batches: 1, written: 50 });
    expect(full.refilled).toBeUndefined();
    const sentIds = await w.h.tx.run(pair.tenantId, (m) =>
      m.query<Array<{ source_key: string }>>(
        `SELECT source_key FROM sync_pending_changes WHERE flow_key = 'invoices' AND state = 'done'`,
      ),
    );
    const sent = new Set(sentIds.map((r) => r.source_key));
    expect(back.every((r) => sent.has(r.source_key))).toBe(true);
    // the last 2: held while the flow's changes are still arriving (released just now), then sent
    expect(await fill.run(invoiceFlow(pair))).toMatchObject({ status: 'filling', claimed: 0 });
    await w.h.tx.run(pair.tenantId, (m) =>
      m.query(`UPDATE sync_pending_changes SET ${AGED_OUT} WHERE flow_key = 'invoices'`),
    );
    expect(await fill.run(invoiceFlow(pair))).toMatchObject({ claimed: 2, batches: 1, written: 2 });
  });

  it('holds a backfill part batch while its flow is still being read; not a polling one, nor once the read has stopped', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    const { customers } = await twoCustomersFourInvoices(pair);
    const records = (await x3Records(w, 'customer')).filter((r) => customers.includes(r._id));
    expect(records).toHaveLength(2);
    const acceptCustomers = (p: Pair, lane: number) =>
      w.h.tx.run(p.tenantId, (m) =>
        pending.accept(
          m,
          p.tenantId,
          records.map((r) => ({
            integrationId: p.integrationId,
            flowKey: 'customers',
            entity: 'customer' as const,
            direction: 'x3-to-xero' as const,
            sourceKey: r._id,
            lane,
            source: r,
          })),
        ),
      );
    const customerFlow = (p: Pair) => ({ ...invoiceFlow(p), flowKey: 'customers' });

    // the first poll of the folder is still accepting customers (one came in the arriving window)
    await acceptCustomers(pair, LANES.backfill);
    expect(await fill.run(customerFlow(pair))).toMatchObject({ status: 'filling', claimed: 0, batches: 0 });
    expect(await outboxIds(pair)).toContain(`drain:${pair.integrationId}:customers:fill:a`);
    // the read is over: nothing accepted for longer than the window
    await w.h.tx.run(pair.tenantId, (m) =>
      m.query(`UPDATE sync_pending_changes SET ${AGED_OUT} WHERE flow_key = 'customers'`),
    );
    expect(await fill.run(customerFlow(pair))).toMatchObject({ status: 'drained', claimed: 2, batches: 1, written: 2 });

    // a poll's changes (a record posted now, its latency counted) are never held for a stream
    const pair2 = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    await acceptCustomers(pair2, LANES.polling);
    expect(await fill.run(customerFlow(pair2))).toMatchObject({
      status: 'drained',
      claimed: 2,
      batches: 1,
      written: 2,
    });
  });
});
