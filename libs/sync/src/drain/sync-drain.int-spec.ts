// The drain against the sandboxes over HTTP (real PostgreSQL, Redis, our Xero connector and X3
// transport): X3 invoices of company NZ10 carried into a fresh Xero organisation, their customers
// and items pulled in first as prerequisites, exactly once.
import { X3Record } from '#lb/connectors/sage-x3';
import { XeroWriteBatch } from '#lb/connectors/xero';
import { AuditTrail } from '#lb/accounts';
import { MappingHead, MappingVersion, starterTemplate } from '#lb/mapping';
import { eventually } from '#lb/testing';
import { DeadLetters } from '../operations/dead-letters.service';
import { DrainPermanentError } from './drain-context';
import { SyncContactName } from '../matching/contact-name.entity';
import { SyncMatching } from '../matching/matching.entity';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { LANES } from '../pending/lanes';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { NewPendingChange, PendingChanges } from '../pending/pending-changes.service';
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
import { DyingDrain } from './testing/dying-drain';

jest.setTimeout(300_000);

const FLOWS = ['invoices', 'customers', 'products'];
const pending = new PendingChanges();

describe('the drain, x3-to-xero, on the sandboxes', () => {
  let w: DrainWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
  });
  afterAll(() => stopDrainWorld(w));

  /** New X3 customers and posted NZ10 invoices billing them (the sandbox's business code), as pending changes. */
  const newInvoices = async (customers: number, invoices: number) => {
    const made = await x3Control(w.sb.url, w.folder, 'POST', '/bulk/sales-invoices', {
      site: 'NZ011',
      customers,
      invoices,
    });
    expect(made.status).toBe(201);
    const ids = new Set(made.body.invoices as string[]);
    return (await x3Records(w, 'salesInvoice')).filter((r) => ids.has(r._id));
  };
  const accept = async (pair: Pair, invoices: X3Record[], lane: number = LANES.polling) => {
    const changes: NewPendingChange[] = invoices.map((r) => ({
      integrationId: pair.integrationId,
      flowKey: 'invoices',
      entity: 'invoice',
      direction: 'x3-to-xero',
      sourceKey: r._id,
      lane,
      source: r,
    }));
    await w.h.tx.run(pair.tenantId, (m) => pending.accept(m, pair.tenantId, changes));
  };
  const rows = (pair: Pair) =>
    w.h.tx.run(pair.tenantId, (m) => m.find(SyncPendingChange, { order: { sourceKey: 'ASC' } }));

  it('lands X3 invoices whose customers and items Xero lacks: each customer once, none dead-lettered; an unchanged re-drain makes no call', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    const invoices = await newInvoices(3, 8);
    expect(invoices).toHaveLength(8);
    await accept(pair, invoices);

    await drainUntilQuiet(w, pair, FLOWS);

    const all = await rows(pair);
    const byFlow = (flow: string) => all.filter((r) => r.flowKey === flow);
    const report = all.map((r) => [r.flowKey, r.sourceKey, r.state, r.outcome?.messages ?? r.waitingOn]);
    expect({ report, dead: all.filter((r) => r.state === 'dead').length }).toEqual({ report, dead: 0 });
    expect(byFlow('invoices').map((r) => [r.sourceKey, r.state, r.outcome?.action])).toEqual(
      invoices.map((i) => [i._id, 'done', 'created']).sort(),
    );
    const customers = [...new Set(invoices.map((i) => String(i.billToCustomer)))].sort();
    expect(byFlow('customers').map((r) => [r.sourceKey, r.state])).toEqual(customers.map((c) => [c, 'done']));

    const xeroInvoices = await xeroList(w, pair, 'Invoices?pageSize=1000', 'Invoices');
    const ids = invoices.map((i) => i._id).sort();
    const numbers = xeroInvoices.map((i) => String(i.InvoiceNumber)).filter((n) => ids.includes(n));
    expect(numbers.sort()).toEqual(ids); // each invoice once
    const contacts = await xeroList(w, pair, 'Contacts?pageSize=1000', 'Contacts');
    const ours = contacts
      .map((c) => (typeof c.ContactNumber === 'string' ? c.ContactNumber : ''))
      .filter((n) => customers.includes(n));
    expect(ours.sort()).toEqual(customers); // each customer once

    // The same invoices again, unchanged: decided from the cross-references, no call to Xero.
    const before = await callsOf(w, pair);
    await accept(pair, invoices);
    const again = await drainUntilQuiet(w, pair, ['invoices']);
    expect(again.reduce((n, r) => n + r.claimed, 0)).toBe(invoices.length);
    expect(await callsOf(w, pair)).toBe(before);
    const latest = (await rows(pair)).filter((r) => r.flowKey === 'invoices' && r.outcome?.action === 'unchanged');
    expect(latest).toHaveLength(invoices.length);
  });

  /** The invoices wait on their customers and items, which land; the invoices are then pending again. */
  const landPrerequisites = async (pair: Pair) => {
    await w.drain.run(invoiceFlow(pair));
    await drainUntilQuiet(w, pair, ['customers', 'products']);
    expect((await flowRows(pair, 'invoices')).map((r) => r.state)).toEqual(expect.arrayContaining(['pending']));
  };
  const flowRows = async (pair: Pair, flowKey: string) => (await rows(pair)).filter((r) => r.flowKey === flowKey);
  const invoiceFlow = (pair: Pair) => ({
    tenantId: pair.tenantId,
    integrationId: pair.integrationId,
    flowKey: 'invoices',
  });

  it("dead-letters what Xero refuses with Xero's own message and the mapping version; the others are untouched", async () => {
    // version 1 of this pair's invoice mapping sends an account code the organisation lacks
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice'], (entity) => {
      const doc = starterTemplate('NZ', entity);
      if (entity !== 'invoice') return doc;
      const bad = {
        target: 'lineItems[].accountCode',
        source: { kind: 'constant' as const, value: '999999' },
        mode: 'set' as const,
      };
      return { ...doc, fields: [...doc.fields, bad] };
    });
    const invoices = await newInvoices(2, 3);
    await accept(pair, invoices);
    await drainUntilQuiet(w, pair, FLOWS);
    const dead = await flowRows(pair, 'invoices');
    expect(dead.map((r) => [r.state, r.mappingVersion, r.lastError])).toEqual(
      invoices.map(() => ['dead', 1, 'refused by Xero']),
    );
    for (const r of dead)
      expect(r.outcome?.messages).toEqual(expect.arrayContaining([expect.stringMatching(/999999.*not a valid code/)]));
    expect((await flowRows(pair, 'customers')).every((r) => r.state === 'done')).toBe(true);

    // The mapping is fixed (version 2, active). A replay "pinned" runs version 1 again, so the first
    // invoice is refused again, under version 1; "newest" carries the others with version 2.
    await w.h.tx.run(pair.tenantId, async (m) => {
      const v2 = await m.save(
        m.create(MappingVersion, {
          tenantId: pair.tenantId,
          integrationId: pair.integrationId,
          entity: 'invoice',
          direction: 'x3-to-xero',
          version: 2,
          document: starterTemplate('NZ', 'invoice') as unknown as Record<string, unknown>,
          authorUserId: null,
        }),
      );
      await m.update(
        MappingHead,
        { integrationId: pair.integrationId, entity: 'invoice', direction: 'x3-to-xero' },
        { activeVersionId: v2.id, activeVersion: 2 },
      );
    });
    const letters = new DeadLetters(w.h.tx, new AuditTrail(), w.jobs);
    const by = { actor: { kind: 'system' as const, id: null }, origin: {}, recentAuth: true };
    const [first, ...others] = invoices.map((r) => r._id);
    const replay = (sourceKeys: string[], version: 'pinned' | 'newest') =>
      letters.replay(pair.tenantId, pair.integrationId, { flowKey: 'invoices', sourceKeys, version }, by);
    expect(await replay([first], 'pinned')).toEqual({ replayed: 1 });
    expect(await replay(others, 'newest')).toEqual({ replayed: others.length });
    await drainUntilQuiet(w, pair, FLOWS);
    const after = new Map((await flowRows(pair, 'invoices')).map((r) => [r.sourceKey, r]));
    expect([after.get(first)?.state, after.get(first)?.mappingVersion]).toEqual(['dead', 1]);
    expect(others.map((k) => [after.get(k)?.state, after.get(k)?.mappingVersion])).toEqual(
      others.map(() => ['done', 2]),
    );
    const inXero = new Set(
      (await xeroList(w, pair, 'Invoices?pageSize=1000', 'Invoices')).map((i) => String(i.InvoiceNumber)),
    );
    expect([inXero.has(first), ...others.map((k) => inXero.has(k))]).toEqual([false, ...others.map(() => true)]);
  });

  it('holds documents dated on or before the lock date with the proposed adjustment; nothing is written', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    const invoices = await newInvoices(1, 2);
    const latest = invoices
      .map((i) => String(i.accountingDate).slice(0, 10))
      .sort()
      .at(-1)!;
    expect((await control(w.sb.url, pair.org, 'POST', '/lock-dates', { periodLockDate: latest })).status).toBeLessThan(
      300,
    );
    await accept(pair, invoices);
    await drainUntilQuiet(w, pair, FLOWS);
    const held = await flowRows(pair, 'invoices');
    expect(held.map((r) => r.state)).toEqual(['held', 'held']);
    for (const r of held) expect(r.outcome?.proposal).toMatch(/after/);
    const ids = invoices.map((i) => i._id);
    expect(
      (await xeroList(w, pair, 'Invoices?pageSize=1000', 'Invoices')).filter((i) =>
        ids.includes(String(i.InvoiceNumber)),
      ),
    ).toEqual([]);
  });

  it('without a Xero slot defers the changes at their place in line and queues a delayed continuation; the batch is resent later, nothing lost', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    const invoices = await newInvoices(2, 4);
    await accept(pair, invoices);
    // customers and items first, so the invoices' own drain meets the 429 on its batch
    await landPrerequisites(pair);
    expect(
      (await control(w.sb.url, pair.org, 'POST', '/rate-limit', { problem: 'minute', seconds: 3 })).status,
    ).toBeLessThan(300);
    const refused = await w.drain.run(invoiceFlow(pair));
    expect(refused).toMatchObject({ status: 'rate-limited', continued: true });
    const released = await flowRows(pair, 'invoices');
    // still claimed, the lease running out when Xero has a slot again; their place in line kept
    expect(released.map((r) => [r.state, r.attempts])).toEqual(invoices.map(() => ['claimed', 0]));
    for (const r of released) expect(r.claimedUntil!.getTime()).toBeGreaterThan(Date.now());
    for (const r of released) expect(r.availableAt.getTime()).toBeLessThanOrEqual(Date.now());
    const batchIds = new Set(released.map((r) => r.outcome?.batchId));
    expect(batchIds.size).toBe(1);
    const [continuation] = await w.h.tx.run(pair.tenantId, (m) =>
      m.query<Array<{ available_at: Date }>>(
        `SELECT available_at FROM job_outbox WHERE job_name = 'drain' AND job_id LIKE $1 ORDER BY available_at DESC LIMIT 1`,
        [`drain:${pair.integrationId}:invoices:c:%`],
      ),
    );
    expect(new Date(continuation.available_at).getTime()).toBeGreaterThan(Date.now());

    await eventually(
      'the released invoices to land',
      async () => {
        await w.drain.run(invoiceFlow(pair));
        const now = await flowRows(pair, 'invoices');
        return now.every((r) => r.state === 'done') ? now : undefined;
      },
      60_000,
    );
    const done = await flowRows(pair, 'invoices');
    expect(new Set(done.map((r) => r.outcome?.batchId))).toEqual(batchIds); // the same batch, resent
    const ids = invoices.map((i) => i._id).sort();
    const inXero = (await xeroList(w, pair, 'Invoices?pageSize=1000', 'Invoices')).map((i) => String(i.InvoiceNumber));
    expect(inXero.filter((n) => ids.includes(n)).sort()).toEqual(ids);
  });

  it('comes back when the next change is due by PostgreSQL’s clock, however far off this process’s runs', async () => {
    // Found by the clock-skew fault scenario: due times (PostgreSQL's) minus a Date.now() two
    // minutes ahead gave a zero delay, so the drain re-ran at once until the change was due.
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    await accept(pair, await newInvoices(1, 1));
    await w.h.tx.run(pair.tenantId, (m) =>
      m.query(
        `UPDATE sync_pending_changes SET available_at = now() + interval '300 seconds' WHERE integration_id = $1`,
        [pair.integrationId],
      ),
    );
    const realNow = Date.now.bind(Date);
    const ahead = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 120_000);
    let report: Awaited<ReturnType<typeof w.drain.run>>;
    try {
      report = await w.drain.run(invoiceFlow(pair));
    } finally {
      ahead.mockRestore();
    }
    expect(report).toMatchObject({ continued: true });
    const [continuation] = await w.h.tx.run(pair.tenantId, (m) =>
      m.query<Array<{ wait_ms: string }>>(
        `SELECT extract(epoch FROM available_at - now()) * 1000 AS wait_ms FROM job_outbox
         WHERE job_name = 'drain' AND job_id LIKE $1 ORDER BY available_at DESC LIMIT 1`,
        [`drain:${pair.integrationId}:invoices:c:%`],
      ),
    );
    // a drain that took the skewed clock's word would wait 180 s (minutes of margin for a slow drain)
    expect(Number(continuation.wait_ms)).toBeGreaterThan(240_000);
    expect(Number(continuation.wait_ms)).toBeLessThanOrEqual(300_000);
  });

  it.each(['after prepare', 'after send'] as const)(
    'a drain that dies %s: the next one finishes that same batch (resent under its Idempotency-Key, or applied from its stored outcomes) and Xero holds each invoice once',
    async (when) => {
      const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
      // duplicates by number would be accepted, so a second write would show
      expect(
        (await control(w.sb.url, pair.org, 'POST', '/settings', { invoiceNumbersUnique: false })).status,
      ).toBeLessThan(300);
      const invoices = await newInvoices(2, 4);
      await accept(pair, invoices);
      await landPrerequisites(pair);

      const dying = new DyingDrain(w, when);
      await expect(dying.run(invoiceFlow(pair))).rejects.toThrow('killed');
      const [batch] = await w.h.tx.run(pair.tenantId, (m) => m.find(XeroWriteBatch, { where: { entity: 'invoices' } }));
      expect(batch.status).toBe(when === 'after send' ? 'done' : 'pending');
      const calls = await callsOf(w, pair);

      const resumed = await w.drain.run(invoiceFlow(pair)); // the 0 s lease has expired: it reclaims them
      expect(resumed.claimed).toBe(invoices.length);
      const batches = await w.h.tx.run(pair.tenantId, (m) => m.find(XeroWriteBatch, { where: { entity: 'invoices' } }));
      expect(batches.map((b) => [b.id, b.idempotencyKey, b.status])).toEqual([
        [batch.id, batch.idempotencyKey, 'done'],
      ]);
      // a batch already sent is applied from its stored outcomes, without a call
      expect((await callsOf(w, pair)) - calls).toBe(when === 'after send' ? 0 : 1);
      const done = await flowRows(pair, 'invoices');
      expect(done.map((r) => [r.state, r.outcome?.batchId])).toEqual(invoices.map(() => ['done', batch.id]));
      const ids = invoices.map((i) => i._id).sort();
      const inXero = (await xeroList(w, pair, 'Invoices?pageSize=1000', 'Invoices')).map((i) =>
        String(i.InvoiceNumber),
      );
      expect(inXero.filter((n) => ids.includes(n)).sort()).toEqual(ids);
    },
  );

  it('after a write whose answer was lost, finds the invoices Xero already holds (type, contact and our key) instead of writing them again', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    expect(
      (await control(w.sb.url, pair.org, 'POST', '/settings', { invoiceNumbersUnique: false })).status,
    ).toBeLessThan(300);
    const invoices = await newInvoices(2, 3);
    await accept(pair, invoices);
    await landPrerequisites(pair);
    const drop = { kind: 'dropAfterWrite', pathContains: '/Invoices' };
    expect((await control(w.sb.url, pair.org, 'POST', '/faults', drop)).status).toBeLessThan(300);
    expect(await w.drain.run(invoiceFlow(pair))).toMatchObject({ status: 'retrying' });
    const [batch] = await w.h.tx.run(pair.tenantId, (m) => m.find(XeroWriteBatch, { where: { entity: 'invoices' } }));
    expect([batch.status, batch.attempts]).toEqual(['ambiguous', 1]);
    await eventually(
      'the retried invoices to settle',
      async () => {
        await w.drain.run(invoiceFlow(pair));
        const now = await flowRows(pair, 'invoices');
        return now.every((r) => r.state === 'done') ? now : undefined;
      },
      60_000,
    );
    const after = await w.h.tx.run(pair.tenantId, (m) => m.findOneByOrFail(XeroWriteBatch, { id: batch.id }));
    expect([after.status, after.attempts]).toEqual(['done', 1]); // found by lookup, not sent again
    const ids = invoices.map((i) => i._id).sort();
    const inXero = (await xeroList(w, pair, 'Invoices?pageSize=1000', 'Invoices')).map((i) => String(i.InvoiceNumber));
    expect(inXero.filter((n) => ids.includes(n)).sort()).toEqual(ids);
  });

  it('writes nothing before the first-connection matching is confirmed; then re-reads the customer from X3 and sends its confirmed rename', async () => {
    const pair = await pairWithFlows(w, ['customer']);
    const unconfirm = { confirmedAt: null };
    await w.h.tx.run(pair.tenantId, (m) => m.update(SyncMatching, { integrationId: pair.integrationId }, unconfirm));
    const [invoice] = await newInvoices(1, 1);
    const code = (invoice.billToCustomer as { _id?: string } | string | undefined) ?? '';
    const key = typeof code === 'string' ? code : String(code._id);
    const pull: NewPendingChange = {
      integrationId: pair.integrationId,
      flowKey: 'customers',
      entity: 'customer',
      direction: 'x3-to-xero',
      sourceKey: key,
      lane: LANES.interactive,
      source: null, // re-read from X3 by key
    };
    await w.h.tx.run(pair.tenantId, (m) => pending.accept(m, pair.tenantId, [pull]));
    const flow = { ...invoiceFlow(pair), flowKey: 'customers' };
    expect(await w.drain.run(flow)).toMatchObject({ status: 'idle', reason: 'matching not confirmed', claimed: 0 });

    const renamed = `Renamed at matching ${key}`;
    await w.h.tx.run(pair.tenantId, async (m) => {
      await m.insert(SyncContactName, {
        tenantId: pair.tenantId,
        integrationId: pair.integrationId,
        entity: 'customer',
        x3Key: key,
        name: renamed,
      });
      await m.update(SyncMatching, { integrationId: pair.integrationId }, { confirmedAt: new Date() });
    });
    expect(await w.drain.run(flow)).toMatchObject({ status: 'drained', claimed: 1, written: 1 });
    const contacts = await xeroList(w, pair, 'Contacts?pageSize=1000', 'Contacts');
    expect(contacts.filter((c) => c.ContactNumber === key).map((c) => c.Name)).toEqual([renamed]);
  });

  it("another tenant's drain job naming this integration does nothing", async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    const invoices = await newInvoices(1, 1);
    await accept(pair, invoices);
    const other = await pairWithFlows(w, ['customer']);
    await expect(w.drain.run({ ...invoiceFlow(pair), tenantId: other.tenantId })).rejects.toThrow(DrainPermanentError);
    expect((await rows(pair)).map((r) => [r.sourceKey, r.state, r.claimId])).toEqual([
      [invoices[0]._id, 'pending', null],
    ]);
  });
});
