// Xero bills carried to X3 (the xero-bills flow), against the sandboxes over HTTP with real
// PostgreSQL and Redis: an approved ACCPAY bill of a linked supplier becomes one validated X3
// supplier invoice through X3's API (lines, tax and totals to the cent, currency and rate), found
// again by supplier + document number rather than entered twice; our own bills never come back,
// an edit after X3 took the bill goes to an accountant, and nothing we write to X3 goes back to Xero.
import { randomUUID } from 'node:crypto';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import {
  drainUntilQuiet,
  DrainWorld,
  Pair,
  startDrainWorld,
  stopDrainWorld,
  xeroList,
} from '../drain/testing/drain-world';
import { money } from '../drain/testing/payment-world';
import { pollXeroFlow } from '../xero-intake/xero-poller';
import { drainXeroToX3 } from './drain-xero-to-x3';
import { XERO_BILLS, XERO_BILLS_FLOW, XeroBillWorld } from './bill-xero-world';
import { RecordTrail } from '../trail/trail-reads';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
const codeOf = (ref: unknown) => (typeof ref === 'string' ? ref : String((ref as { _id?: string })._id));
const number = () => `SUP-${randomUUID().slice(0, 8)}`;

describe('Xero bills → X3 supplier invoices (xero-bills flow)', () => {
  let w: DrainWorld;
  let b: XeroBillWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    b = new XeroBillWorld(w);
  });
  afterAll(() => stopDrainWorld(w));

  /** The bill as Xero holds it now. */
  const xeroBill = async (pair: Pair, id: string): Promise<Json> =>
    (await xeroList(w, pair, `Invoices/${id}`, 'Invoices'))[0];
  const makeDue = (pair: Pair, id: string) =>
    w.h.tx.run(pair.tenantId, (m) =>
      m.query(`UPDATE sync_pending_changes SET available_at = now() WHERE id = $1`, [id]),
    );
  /** A fresh pair, a linked supplier, and a bill of it entered in Xero under a new supplier document number. */
  const linkedBill = async (extra: Json = {}) => {
    const pair = await b.pair();
    const s = await b.linkedSupplier(pair);
    const supplierNumber = number();
    const id = await b.enterBill(pair, { ContactID: s.contactId }, { InvoiceNumber: supplierNumber, ...extra });
    return { pair, s, supplierNumber, id };
  };

  it('an approved bill becomes one validated X3 supplier invoice (supplier, number, lines, tax, totals to the cent); read again it writes nothing; our own bill is an echo; the X3 invoice does not go back to Xero', async () => {
    // the date as the bookkeeper entered it (a calendar date in the organisation's zone)
    const { pair, s, supplierNumber, id } = await linkedBill({ Date: '2026-11-27' });
    const inXero = await xeroBill(pair, id);
    await b.accept(pair, [id, s.ownBillXeroId]);
    await b.drainQuiet(pair);

    expect([await b.state(pair, id), await b.state(pair, s.ownBillXeroId)]).toEqual([
      ['done', 'created'],
      ['done', 'unchanged'],
    ]);
    const ours = (await b.x3BillsOf(s.code)).filter((i) => i.supplierDocumentNumber === supplierNumber);
    expect(ours).toHaveLength(1);
    const [x3Bill] = ours;
    expect(x3Bill).toMatchObject({ status: 'validated', invoiceType: 'invoice', priceBasis: 'excludingTax' });
    expect(codeOf(x3Bill.billBySupplier)).toBe(s.code);
    expect(codeOf(x3Bill.currency)).toBe('NZD');
    expect([x3Bill.accountingDate, x3Bill.supplierDocumentDate]).toEqual(['2026-11-27', '2026-11-27']);
    // 3 × 12.35 at 15 % and 7.50 without tax: Xero's totals, to the cent
    expect([
      money(x3Bill.totalAmountExcludingTax),
      money(x3Bill.totalTaxAmount),
      money(x3Bill.totalAmountIncludingTax),
    ]).toEqual([money(inXero.SubTotal), money(inXero.TotalTax), money(inXero.Total)]);
    expect(money(inXero.Total)).toBe('50.11');
    expect(
      (x3Bill.lines as Json[]).map((l) => [codeOf(l.product), codeOf(l.taxCode), money(l.lineAmountExcludingTax)]),
    ).toEqual([
      ['DIS001', 'NZS', '37.05'],
      ['DIS001', 'NZZ', '7.50'],
    ]);
    expect((await b.ref(pair, 'bill', { xeroId: id }))?.x3Key).toBe(x3Bill._id);
    // its record trail shows the Xero bill as read and the X3 payload the mapping made of it
    const events = await new RecordTrail(w.h.tx).record(pair.tenantId, pair.integrationId, id);
    const mapped = events.find((e) => e.event === 'mapped');
    expect(mapped?.before).toMatchObject({ invoiceID: id, type: 'ACCPAY' });
    expect(mapped?.after).toEqual(expect.objectContaining({ supplierDocumentNumber: supplierNumber }));
    expect(events.map((e) => e.event)).toContain('written');

    // read again (a later webhook, a poll): unchanged, no X3 write
    const before = (await b.x3BillsOf(s.code)).length;
    await b.accept(pair, [id]);
    await b.drainQuiet(pair);
    expect(await b.state(pair, id)).toEqual(['done', 'unchanged']);
    expect(await b.x3BillsOf(s.code)).toHaveLength(before);

    // the X3 invoice we made, seen by the x3→xero bills flow: unchanged, no second bill in Xero
    await b.p.t.accept(pair, 'bills', 'bill', [x3Bill]);
    await drainUntilQuiet(w, pair, ['bills', 'suppliers', 'products']);
    const back = (await b.p.t.rows(pair, 'bills')).find((r) => r.sourceKey === x3Bill._id);
    expect([back?.state, back?.outcome?.action]).toEqual(['done', 'unchanged']);
    expect(await b.p.t.xeroDocument(pair, x3Bill._id)).toBeUndefined();
  });

  it("read by the flow's If-Modified-Since poll of ACCPAY invoices (the webhook's fallback), a bill is carried once; the organisation's other bills are skipped or wait, none dead", async () => {
    const { pair, s, supplierNumber, id } = await linkedBill();
    const polled = await pollXeroFlow({ ...b.p.deps(), reads: w.xero.reads }, pair.tenantId, b.scope(pair));
    expect(polled.accepted).toBeGreaterThanOrEqual(2);
    await b.drainQuiet(pair);

    expect(await b.state(pair, id)).toEqual(['done', 'created']);
    // the bill our x3→xero flow wrote comes back unchanged: left out at intake (echo-filter.ts)
    expect(await b.row(pair, s.ownBillXeroId)).toBeNull();
    const rows = await b.p.t.rows(pair, XERO_BILLS);
    expect(rows.filter((r) => !['done', 'waiting'].includes(r.state))).toEqual([]);
    expect((await b.x3BillsOf(s.code)).filter((i) => i.supplierDocumentNumber === supplierNumber)).toHaveLength(1);
  });

  it('a foreign-currency bill goes to X3 in its currency at the rate Xero applied', async () => {
    // Xero: 0.625 USD per NZD; X3 keeps NZD per USD: 1.6
    const { pair, s, supplierNumber, id } = await linkedBill({ CurrencyCode: 'USD', CurrencyRate: 0.625 });
    const inXero = await xeroBill(pair, id);
    await b.accept(pair, [id]);
    await b.drainQuiet(pair);

    expect(await b.state(pair, id)).toEqual(['done', 'created']);
    const [x3Bill] = (await b.x3BillsOf(s.code)).filter((i) => i.supplierDocumentNumber === supplierNumber);
    expect(codeOf(x3Bill.currency)).toBe('USD');
    expect(String(x3Bill.exchangeRate)).toMatch(/^1\.60*$/);
    expect(money(x3Bill.totalAmountIncludingTax)).toBe(money(inXero.Total));
  });

  it('a bill whose contact is not an X3 supplier yet waits for it, pulls the contact through the flow that carries suppliers from Xero, and goes once it is there; a draft stays out until approved', async () => {
    const pair = await b.pair();
    await b.p.saveXeroToX3Flow(pair, 'xero-suppliers', 'supplier', {
      ...XERO_BILLS_FLOW,
      entity: 'supplier',
      steps: [
        { kind: 'transform', mapping: { direction: 'xero-to-x3', version: 'active' } },
        { kind: 'action', action: 'upsert' },
      ],
    });
    const contactNumber = `bs-${randomUUID().slice(0, 6)}`;
    const made = await b.p.t.xeroWrite(pair, 'PUT', 'Contacts', {
      Contacts: [{ Name: `Bill supplier ${contactNumber}`, ContactNumber: contactNumber, DefaultCurrency: 'NZD' }],
    });
    expect(made.status).toBe(200);
    const contactId = String(((made.body as Json).Contacts as Json[])[0].ContactID).toLowerCase();
    const id = await b.enterBill(pair, { ContactID: contactId }, { InvoiceNumber: number() });
    const draft = await b.enterBill(pair, { ContactID: contactId }, { InvoiceNumber: number(), Status: 'DRAFT' });
    await b.accept(pair, [id, draft]);

    await drainXeroToX3(b.p.deps(), pair.tenantId, b.scope(pair));
    const waiting = await b.row(pair, id);
    const code = contactNumber.toUpperCase().replace('-', '_');
    expect([waiting?.state, waiting?.waitingOn]).toEqual(['waiting', `supplier:${code}`]);
    expect((await b.row(pair, draft))?.outcome?.messages?.join(' ')).toMatch(
      /draft: it is carried to X3 once approved/,
    );

    await b.drainQuiet(pair, [XERO_BILLS, 'xero-suppliers']);
    expect(await b.state(pair, id)).toEqual(['done', 'created']);
    expect(await b.state(pair, draft)).toEqual(['done', 'skipped']);
    expect(await b.x3BillsOf(code)).toHaveLength(1);
    expect((await b.ref(pair, 'supplier', { x3Key: code }))?.xeroId).toBe(contactId);

    // approved in Xero, the draft comes again (its INVOICE event) and is carried
    await b.editBill(pair, draft, { Status: 'AUTHORISED' });
    await b.accept(pair, [draft]);
    await b.drainQuiet(pair);
    expect(await b.state(pair, draft)).toEqual(['done', 'created']);
    expect(await b.x3BillsOf(code)).toHaveLength(2);
  });

  it('an edit in Xero after X3 took the bill is held with a proposal, a voided one too; X3 is not written', async () => {
    const { pair, s, supplierNumber, id } = await linkedBill();
    await b.accept(pair, [id]);
    await b.drainQuiet(pair);
    const [x3Bill] = (await b.x3BillsOf(s.code)).filter((i) => i.supplierDocumentNumber === supplierNumber);

    await b.editBill(pair, id, {
      LineItems: [{ Description: 'Stationery', Quantity: 4, UnitAmount: 12.35, AccountCode: '429', TaxType: 'INPUT2' }],
    });
    await b.accept(pair, [id]);
    await b.drainQuiet(pair);
    const edited = await b.row(pair, id);
    expect(edited?.state).toBe('held');
    expect(edited?.outcome?.messages?.join(' ')).toMatch(
      /changed in Xero after X3 took it: .*total 56\.81 in Xero, 50\.11 in X3/,
    );
    expect(edited?.outcome?.proposal).toMatch(new RegExp(`reverse ${x3Bill._id} with a supplier credit note`));

    await b.editBill(pair, id, { Status: 'VOIDED' });
    await b.accept(pair, [id]);
    await b.drainQuiet(pair);
    const voided = await b.row(pair, id);
    expect([voided?.state, voided?.outcome?.targetId]).toEqual(['held', x3Bill._id]);
    expect(voided?.outcome?.messages?.join(' ')).toMatch(/voided in Xero/);

    const [still] = (await b.x3BillsOf(s.code)).filter((i) => i.supplierDocumentNumber === supplierNumber);
    expect([still.status, money(still.totalAmountIncludingTax)]).toEqual(['validated', '50.11']);
    expect((await b.x3BillsOf(s.code)).filter((i) => i.supplierDocumentNumber === supplierNumber)).toHaveLength(1);
  });

  it('X3 took the create but its answer was lost: the retry finds the invoice by supplier and number and links it, never a second', async () => {
    const { pair, s, supplierNumber, id } = await linkedBill();
    await b.accept(pair, [id]);
    const report = await b.p.withCreateAnswersLost(() => drainXeroToX3(b.p.deps(), pair.tenantId, b.scope(pair)));
    expect(report).toMatchObject({ written: 0, deferred: 1 });
    const retrying = await b.row(pair, id);
    expect([retrying?.state, retrying?.lastError]).toEqual(['pending', expect.stringMatching(/answer was lost/)]);
    expect(await b.ref(pair, 'bill', { xeroId: id })).toBeNull();

    await makeDue(pair, retrying!.id);
    await b.drainQuiet(pair);
    expect(await b.state(pair, id)).toEqual(['done', 'matched']);
    const ours = (await b.x3BillsOf(s.code)).filter((i) => i.supplierDocumentNumber === supplierNumber);
    expect(ours).toHaveLength(1);
    expect(ours[0].status).toBe('validated');
    expect((await b.ref(pair, 'bill', { xeroId: id }))?.x3Key).toBe(ours[0]._id);
  });

  it("the supplier's document already keyed in X3 with other amounts (an entry in progress) is linked and held, neither validated nor entered again", async () => {
    const pair = await b.pair();
    const s = await b.linkedSupplier(pair);
    const supplierNumber = number();
    const keyed = await b.p.withX3((x3) =>
      x3.create('purchaseInvoice', {
        site: 'NZ011',
        billBySupplier: s.code,
        supplierDocumentNumber: supplierNumber,
        lines: [{ product: 'DIS001', quantityInPurchaseUnitInvoiced: '1', netPrice: '10' }],
      }),
    );
    const id = await b.enterBill(pair, { ContactID: s.contactId }, { InvoiceNumber: supplierNumber });
    await b.accept(pair, [id]);
    await b.drainQuiet(pair);

    const row = await b.row(pair, id);
    expect([row?.state, row?.outcome?.action, row?.outcome?.targetId]).toEqual(['held', 'matched', keyed._id]);
    expect(row?.outcome?.messages?.join(' ')).toMatch(/X3 and Xero disagree: .*total 50\.11 in Xero/);
    const ours = (await b.x3BillsOf(s.code)).filter((i) => i.supplierDocumentNumber === supplierNumber);
    expect(ours.map((i) => [i._id, i.status])).toEqual([[keyed._id, 'pending']]);
  });

  it('X3 down: the bill is retried and lands once X3 answers; nothing is lost or written twice', async () => {
    const { pair, s, supplierNumber, id } = await linkedBill();
    await b.accept(pair, [id]);
    const fault = await x3Control(w.sb.url, w.folder, 'POST', '/faults', { mode: 'http-503', count: 1 });
    expect(fault.status).toBeLessThan(300);
    try {
      expect(await drainXeroToX3(b.p.deps(), pair.tenantId, b.scope(pair))).toMatchObject({ written: 0, deferred: 1 });
    } finally {
      await x3Control(w.sb.url, w.folder, 'DELETE', '/faults');
    }
    const retrying = await b.row(pair, id);
    expect(retrying?.state).toBe('pending');
    expect(retrying?.attempts).toBeGreaterThanOrEqual(1);

    await makeDue(pair, retrying!.id);
    await b.drainQuiet(pair);
    expect(await b.state(pair, id)).toEqual(['done', 'created']);
    expect((await b.x3BillsOf(s.code)).filter((i) => i.supplierDocumentNumber === supplierNumber)).toHaveLength(1);
  });

  it("another tenant can neither drain a tenant's Xero bills nor see what was recorded of them", async () => {
    const { pair, id } = await linkedBill();
    await b.accept(pair, [id]);
    const other = await b.pair(['supplier']);

    expect(await drainXeroToX3(b.p.deps(), other.tenantId, b.scope(pair))).toMatchObject({
      claimed: 0,
      idle: 'no-integration',
    });
    expect((await b.row(pair, id))?.state).toBe('pending');
    expect(await b.row(other, id)).toBeNull();
    await b.drainQuiet(pair);
    expect(await b.state(pair, id)).toEqual(['done', 'created']);
    expect(await b.ref(other, 'bill', { xeroId: id })).toBeNull();
    expect(await b.ref(pair, 'bill', { xeroId: id })).not.toBeNull();
  });
});
