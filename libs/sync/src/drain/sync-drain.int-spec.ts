// The drain against the sandboxes over HTTP (real PostgreSQL, Redis, our Xero connector and X3
// transport): X3 invoices of company NZ10 carried into a fresh Xero organisation, their customers
// and items pulled in first as prerequisites, exactly once.
import type { X3Record } from '#lb/connectors/sage-x3';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { LANES } from '../pending/lanes';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { NewPendingChange, PendingChanges } from '../pending/pending-changes.service';
import {
  callsOf,
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
});
