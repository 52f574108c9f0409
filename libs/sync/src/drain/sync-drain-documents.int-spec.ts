// The drain carries X3 supplier invoices (PINVOICE → ACCPAY bills) and sales credit memos
// (SINVOICE creditMemo → ACCRECCREDIT credit notes) into a fresh Xero organisation over HTTP:
// their suppliers and customers first, each document once, its figures equal to X3's to the cent.
import Decimal from 'decimal.js';
import { XeroWriteBatch } from '#lb/connectors/xero';
import { DrainPermanentError } from './drain-context';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import { SyncPendingChange } from '../pending/pending-change.entity';
import {
  callsOf,
  control,
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
  xeroList,
} from './testing/drain-world';
import {
  acceptRecords,
  cents,
  createX3Documents,
  newSuppliers,
  billsIn,
  bookedInBase,
  contactsNumbered,
  figuresInXero,
  figuresOfX3,
  newBills,
  validateBill,
  x3Find,
  x3Totals,
  xeroTotals,
} from './testing/x3-documents';

jest.setTimeout(300_000);

type Json = Record<string, unknown>;
const BILL_FLOWS = ['bills', 'suppliers', 'products'];
const CREDIT_FLOWS = ['credit-notes', 'customers', 'products'];

describe('the drain, x3-to-xero bills and credit notes, on the sandboxes', () => {
  let w: DrainWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
  });
  afterAll(() => stopDrainWorld(w));

  // the documents' own changes (a credit memo's allocation is a change of its own: credit-allocations.ts)
  const rows = async (pair: Pair, flowKey: string) =>
    (
      await w.h.tx.run(pair.tenantId, (m) =>
        m.find(SyncPendingChange, { where: { flowKey }, order: { sourceKey: 'ASC' } }),
      )
    ).filter((r) => !r.sourceKey.startsWith('allocation:'));
  const flow = (pair: Pair, flowKey: string) => ({
    tenantId: pair.tenantId,
    integrationId: pair.integrationId,
    flowKey,
  });

  it('lands bills whose suppliers Xero lacks: each supplier once, each bill once as ACCPAY, figures to the cent (a USD bill at X3’s rate); an unchanged re-drain makes no call', async () => {
    const pair = await pairWithFlows(w, ['supplier', 'product', 'bill']);
    const [a, b, usd] = await newSuppliers(w, ['NZD', 'NZD', 'USD']);
    const bills = await newBills(w, [
      {
        billBySupplier: a,
        supplierDocumentNumber: `${a}-001`,
        priceBasis: 'excludingTax',
        lines: [
          { product: 'NZFOOD01', quantityInPurchaseUnitInvoiced: '7', netPrice: '12.3450' },
          { product: 'DIS010', quantityInPurchaseUnitInvoiced: '3', netPrice: '4.3750', taxCode: 'NZZ' },
        ],
      },
      {
        billBySupplier: a,
        supplierDocumentNumber: `${a}-002`,
        priceBasis: 'includingTax',
        lines: [
          { product: 'NZFOOD01', quantityInPurchaseUnitInvoiced: '2', netPrice: '19.99' },
          { product: 'DIS004', quantityInPurchaseUnitInvoiced: '11', netPrice: '7.1234' },
        ],
      },
      {
        billBySupplier: b,
        supplierDocumentNumber: `${b}-77`,
        lines: [{ product: 'DIS010', quantityInPurchaseUnitInvoiced: '40', netPrice: '4.3750' }],
      },
      {
        billBySupplier: usd,
        supplierDocumentNumber: `${usd}-USD`,
        currency: 'USD',
        lines: [
          { product: 'NZFOOD01', quantityInPurchaseUnitInvoiced: '13', netPrice: '33.3333' },
          { product: 'DIS005', quantityInPurchaseUnitInvoiced: '4', netPrice: '2.9999' },
        ],
      },
    ]);
    const foreign = bills[3];
    expect([foreign.currency, foreign.exchangeRate]).toEqual(['USD', '1.702']);
    await acceptRecords(w, pair, 'bills', 'bill', bills);

    // the first drain finds no supplier in Xero: each bill waits on its own supplier
    await w.drain.run(flow(pair, 'bills'));
    expect((await rows(pair, 'bills')).map((r) => [r.sourceKey, r.state, r.waitingOn])).toEqual(
      bills.map((bill) => [bill._id, 'waiting', `supplier:${String(bill.billBySupplier)}`]).sort(),
    );

    await drainUntilQuiet(w, pair, BILL_FLOWS);
    const billRows = await rows(pair, 'bills');
    const report = billRows.map((r) => [r.sourceKey, r.state, r.outcome?.action, r.outcome?.messages ?? r.lastError]);
    expect(report).toEqual(bills.map((bill) => [bill._id, 'done', 'created', null]).sort());
    expect((await rows(pair, 'suppliers')).map((r) => [r.sourceKey, r.state])).toEqual(
      [a, b, usd].sort().map((s) => [s, 'done']),
    );
    const contacts = await contactsNumbered(w, pair, [a, b, usd]);
    expect(contacts.map((c) => c.ContactNumber).sort()).toEqual([a, b, usd].sort()); // each supplier once
    const contactIdOf = new Map(contacts.map((c) => [String(c.ContactNumber), String(c.ContactID)]));

    const inXero = await billsIn(w, pair, bills);
    expect(inXero.map((i) => i.Reference).sort()).toEqual(bills.map((bill) => bill._id).sort()); // each bill once
    for (const bill of bills) {
      const id = String(inXero.find((i) => i.Reference === bill._id)!.InvoiceID);
      const [x] = await xeroList(w, pair, `Invoices/${id}`, 'Invoices'); // with its lines
      expect({
        key: bill._id,
        type: x.Type,
        number: x.InvoiceNumber,
        status: x.Status,
        contact: (x.Contact as Json).ContactID,
        ...figuresInXero(bill, x),
      }).toEqual({
        key: bill._id,
        type: 'ACCPAY',
        number: bill.supplierDocumentNumber,
        status: 'AUTHORISED',
        contact: contactIdOf.get(String(bill.billBySupplier)),
        ...figuresOfX3(bill, x),
      });
    }

    // The USD bill: Xero's CurrencyRate is USD per NZD (1 / X3's 1.702 to 6 places, or a
    // neighbour) and the NZD Xero books (Total / CurrencyRate) is X3's ledger amount to the cent.
    // X3 posts net and tax each converted at CHGRAT and rounded, then added (the sandbox's
    // invoice posting does the same): here 757.95 + 113.69 = 871.64, where Total × rate would say 871.65.
    const usdBill = inXero.find((i) => i.Reference === foreign._id)!;
    const xeroRate = new Decimal(String(usdBill.CurrencyRate));
    const x3Rate = new Decimal(String(foreign.exchangeRate));
    expect(xeroRate.decimalPlaces()).toBeLessThanOrEqual(6);
    expect(xeroRate.minus(new Decimal(1).div(x3Rate)).abs().lte('0.00001')).toBe(true);
    const toNzd = (amount: unknown) => new Decimal(cents(amount)).mul(x3Rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const x3Ledger = toNzd(foreign.totalAmountExcludingTax).plus(toNzd(foreign.totalTaxAmount));
    expect({ currency: usdBill.CurrencyCode, total: cents(usdBill.Total), nzd: bookedInBase(usdBill) }).toEqual({
      currency: 'USD',
      total: cents(foreign.totalAmountIncludingTax),
      nzd: x3Ledger.toFixed(2),
    });

    // the same bills again, unchanged: decided from the cross-references, no call to Xero
    const batches = () => w.h.tx.run(pair.tenantId, (m) => m.count(XeroWriteBatch));
    const [calls, written] = [await callsOf(w, pair), await batches()];
    await acceptRecords(w, pair, 'bills', 'bill', bills);
    const again = await drainUntilQuiet(w, pair, ['bills']);
    expect(again.reduce((n, r) => n + r.claimed, 0)).toBe(bills.length);
    expect([await callsOf(w, pair), await batches()]).toEqual([calls, written]);
    const unchanged = (await rows(pair, 'bills')).filter((r) => r.outcome?.action === 'unchanged');
    expect(unchanged.map((r) => r.sourceKey)).toEqual(bills.map((bill) => bill._id).sort());
  });

  it('lands sales credit memos as ACCRECCREDIT credit notes once each, to the cent (a USD one at the NZD X3 posted), after their customers; an unchanged re-drain makes no call', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'creditNote']);
    const made = await x3Control(w.sb.url, w.folder, 'POST', '/bulk/sales-invoices', {
      site: 'NZ011',
      customers: 2,
      invoices: 2,
    });
    expect(made.status).toBe(201);
    const customers = made.body.customers as string[];
    const invoices = made.body.invoices as string[];
    const memo = (n: number, priceBasis: string, lines: Json[]) => ({
      invoiceType: 'creditMemo',
      salesSite: 'NZ011',
      billToCustomer: customers[n],
      originalInvoice: invoices[n],
      priceBasis,
      accountingDate: '2026-11-12',
      lines,
    });
    const notes = await createX3Documents(
      w,
      'salesInvoice',
      [
        memo(0, 'includingTax', [
          { product: 'NZFOOD01', quantityInSalesUnitInvoiced: '1', grossPrice: '19.99', taxCode: 'NZS' },
          { product: 'NZFOOD01', quantityInSalesUnitInvoiced: '3', grossPrice: '7.33', taxCode: 'NZS' },
        ]),
        memo(1, 'excludingTax', [
          { product: 'NZFOOD01', quantityInSalesUnitInvoiced: '7', grossPrice: '13.4567', taxCode: 'NZS' },
        ]),
        memo(1, 'excludingTax', [
          { product: 'DIS004', quantityInSalesUnitInvoiced: '2', grossPrice: '9.99', taxCode: 'NZZ' },
        ]),
        // in US dollars, crediting no particular invoice
        {
          ...memo(0, 'excludingTax', [
            { product: 'NZFOOD01', quantityInSalesUnitInvoiced: '9', grossPrice: '17.77', taxCode: 'NZS' },
            { product: 'DIS004', quantityInSalesUnitInvoiced: '5', grossPrice: '3.3333', taxCode: 'NZS' },
          ]),
          originalInvoice: undefined,
          currency: 'USD',
        },
      ],
      'post',
    );
    expect(notes.map((n) => [n.invoiceType, n.currency])).toEqual([
      ['creditMemo', 'NZD'],
      ['creditMemo', 'NZD'],
      ['creditMemo', 'NZD'],
      ['creditMemo', 'USD'],
    ]);
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', notes);

    await w.drain.run(flow(pair, 'credit-notes'));
    expect((await rows(pair, 'credit-notes')).map((r) => [r.sourceKey, r.state, r.waitingOn])).toEqual(
      notes.map((n) => [n._id, 'waiting', `customer:${String(n.billToCustomer)}`]).sort(),
    );

    await drainUntilQuiet(w, pair, CREDIT_FLOWS);
    const report = (await rows(pair, 'credit-notes')).map((r) => [
      r.sourceKey,
      r.state,
      r.outcome?.action,
      r.outcome?.messages ?? r.lastError,
    ]);
    expect(report).toEqual(notes.map((n) => [n._id, 'done', 'created', null]).sort());
    // each memo that credits an invoice waits for it to allocate (this pair carries no invoices)
    const allocations = await w.h.tx.run(pair.tenantId, (m) =>
      m.find(SyncPendingChange, { where: { flowKey: 'credit-notes' }, order: { sourceKey: 'ASC' } }),
    );
    expect(
      allocations.filter((r) => r.sourceKey.startsWith('allocation:')).map((r) => [r.sourceKey, r.state, r.waitingOn]),
    ).toEqual(notes.slice(0, 3).map((n) => [`allocation:${n._id}`, 'waiting', `invoice:${String(n.originalInvoice)}`]));
    const contacts = await contactsNumbered(w, pair, customers);
    expect(contacts.map((c) => c.ContactNumber).sort()).toEqual([...customers].sort()); // each customer once
    const contactIdOf = new Map(contacts.map((c) => [String(c.ContactNumber), String(c.ContactID)]));

    const keys = notes.map((n) => n._id);
    const inXero = (await xeroList(w, pair, 'CreditNotes?pageSize=1000', 'CreditNotes')).filter((c) =>
      keys.includes(String(c.CreditNoteNumber)),
    );
    expect(inXero.map((c) => c.CreditNoteNumber).sort()).toEqual([...keys].sort()); // each once
    for (const note of notes) {
      const id = String(inXero.find((c) => c.CreditNoteNumber === note._id)!.CreditNoteID);
      const [x] = await xeroList(w, pair, `CreditNotes/${id}`, 'CreditNotes'); // with its lines
      expect({
        key: note._id,
        type: x.Type,
        status: x.Status,
        reference: x.Reference || undefined,
        contact: (x.Contact as Json).ContactID,
        ...figuresInXero(note, x),
      }).toEqual({
        key: note._id,
        type: 'ACCRECCREDIT',
        status: 'AUTHORISED',
        reference: note.originalInvoice || undefined,
        contact: contactIdOf.get(String(note.billToCustomer)),
        ...figuresOfX3(note, x),
      });
    }

    // The USD credit note: the NZD Xero books (Total / CurrencyRate) is the amount X3 posted to the
    // receivable line of the memo's own journal entry (VEN, reference = the memo).
    const [entry] = await x3Find(w, 'journalEntry', `{reference:'${notes[3]._id}'}`);
    const receivable = (entry.lines as Json[])[0];
    const usdInXero = inXero.find((c) => c.CreditNoteNumber === notes[3]._id)!;
    expect([cents(usdInXero.Total), bookedInBase(usdInXero)]).toEqual([
      cents(receivable.amountInCurrency),
      cents(receivable.amountInLedgerCurrency),
    ]);

    const batches = () => w.h.tx.run(pair.tenantId, (m) => m.count(XeroWriteBatch));
    const [calls, written] = [await callsOf(w, pair), await batches()];
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', notes);
    const again = await drainUntilQuiet(w, pair, ['credit-notes']);
    // the memos, and the three allocations looked at again (still waiting: no call)
    expect(again.reduce((n, r) => n + r.claimed, 0)).toBe(notes.length + 3);
    expect([await callsOf(w, pair), await batches()]).toEqual([calls, written]);
    const unchanged = (await rows(pair, 'credit-notes')).filter((r) => r.outcome?.action === 'unchanged');
    expect(unchanged.map((r) => r.sourceKey)).toEqual([...keys].sort());
  });

  it('a draft bill validated in X3 afterwards updates that same Xero bill from DRAFT to AUTHORISED', async () => {
    const pair = await pairWithFlows(w, ['supplier', 'product', 'bill']);
    const [supplier] = await newSuppliers(w, ['NZD']);
    const lines = [{ product: 'DIS010', quantityInPurchaseUnitInvoiced: '6', netPrice: '4.3750' }];
    const [draft] = await newBills(
      w,
      [{ billBySupplier: supplier, supplierDocumentNumber: `${supplier}-D`, lines }],
      false,
    );
    await acceptRecords(w, pair, 'bills', 'bill', [draft]);
    await drainUntilQuiet(w, pair, BILL_FLOWS);
    const [before] = await billsIn(w, pair, [draft]);
    expect([before.Status, xeroTotals(before)]).toEqual(['DRAFT', x3Totals(draft)]);

    const validated = await validateBill(w, draft._id);
    await acceptRecords(w, pair, 'bills', 'bill', [validated]);
    await drainUntilQuiet(w, pair, ['bills']);
    const actions = (await rows(pair, 'bills')).map((r) => [r.state, r.outcome?.action]);
    expect(actions.sort()).toEqual([
      ['done', 'created'],
      ['done', 'updated'],
    ]);
    const after = await billsIn(w, pair, [draft]);
    expect(after.map((b) => [b.InvoiceID, b.Status, b.InvoiceNumber, xeroTotals(b)])).toEqual([
      [before.InvoiceID, 'AUTHORISED', `${supplier}-D`, x3Totals(draft)],
    ]);
  });

  it('holds a bill dated on the lock date with a clear message and proposal; nothing is written', async () => {
    const pair = await pairWithFlows(w, ['supplier', 'product', 'bill']);
    const [supplier] = await newSuppliers(w, ['NZD']);
    const [bill] = await newBills(w, [
      {
        billBySupplier: supplier,
        supplierDocumentNumber: `${supplier}-LOCK`,
        accountingDate: '2026-11-03',
        lines: [{ product: 'DIS010', quantityInPurchaseUnitInvoiced: '5', netPrice: '4.3750' }],
      },
    ]);
    const lock = await control(w.sb.url, pair.org, 'POST', '/lock-dates', { periodLockDate: '2026-11-03' });
    expect(lock.status).toBeLessThan(300);
    await acceptRecords(w, pair, 'bills', 'bill', [bill]);
    await drainUntilQuiet(w, pair, BILL_FLOWS);

    const [held] = await rows(pair, 'bills');
    expect(held.state).toBe('held');
    expect(held.outcome?.messages?.join(' ')).toMatch(/lock date/i);
    expect(held.outcome?.proposal).toMatch(/dated after 2026-11-03/);
    expect(await billsIn(w, pair, [bill])).toEqual([]);
    const bills = await w.h.tx.run(pair.tenantId, (m) => m.find(XeroWriteBatch, { where: { entity: 'invoices' } }));
    expect(bills).toEqual([]);
  });

  it("another tenant neither sees this tenant's bills and credit notes nor drains them", async () => {
    const pair = await pairWithFlows(w, ['supplier', 'product', 'bill', 'customer', 'creditNote']);
    const [supplier] = await newSuppliers(w, ['NZD']);
    const bills = await newBills(w, [
      {
        billBySupplier: supplier,
        supplierDocumentNumber: `${supplier}-T`,
        lines: [{ product: 'DIS010', quantityInPurchaseUnitInvoiced: '2', netPrice: '4.3750' }],
      },
    ]);
    const notes = await createX3Documents(w, 'salesInvoice', [
      {
        invoiceType: 'creditMemo',
        salesSite: 'NZ011',
        billToCustomer: 'NZ001',
        priceBasis: 'includingTax',
        lines: [{ product: 'NZFOOD01', quantityInSalesUnitInvoiced: '1', grossPrice: '19.99', taxCode: 'NZS' }],
      },
    ]);
    await acceptRecords(w, pair, 'bills', 'bill', bills);
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', notes);
    const other = await pairWithFlows(w, ['supplier', 'bill']);

    for (const flowKey of ['bills', 'credit-notes']) {
      await expect(w.drain.run({ ...flow(pair, flowKey), tenantId: other.tenantId })).rejects.toThrow(
        DrainPermanentError,
      );
    }
    const mine = [...(await rows(pair, 'bills')), ...(await rows(pair, 'credit-notes'))];
    expect(mine.map((r) => [r.sourceKey, r.state, r.claimId])).toEqual([
      [bills[0]._id, 'pending', null],
      [notes[0]._id, 'pending', null],
    ]);
    expect(await billsIn(w, pair, bills)).toEqual([]);

    // once this tenant's drains carried them, the other still sees none of its rows or links
    await drainUntilQuiet(w, pair, [...BILL_FLOWS, 'credit-notes', 'customers']);
    const seen = (tenantId: string) =>
      w.h.tx.run(tenantId, async (m) => ({
        changes: await m.count(SyncPendingChange),
        crossRefs: await m.count(SyncCrossReference),
      }));
    expect(await seen(other.tenantId)).toEqual({ changes: 0, crossRefs: 0 });
    const own = await seen(pair.tenantId);
    expect([own.changes, own.crossRefs].every((n) => n >= 5)).toBe(true); // 2 documents, supplier, customer, products
    expect(await w.drain.run(flow(other, 'bills'))).toMatchObject({ status: 'empty', claimed: 0 });
    expect((await billsIn(w, pair, bills)).map((b) => b.Reference)).toEqual([bills[0]._id]);
  });
});
