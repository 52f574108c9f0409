// The xero-to-x3 resync preview on the AU sandbox pair: what applying a version to past Xero
// records would change in X3, and the X3 records it leaves alone (a validated or paid supplier
// invoice, any X3 payment, an inactive partner) with the reason. Answers are derived from both
// sides as the test keys them in; neither side changes during the previews.
import { DataSource } from 'typeorm';
import { X3EntityName, X3Record } from '#lb/connectors/sage-x3';
import { purchaseInvoiceEntityOf, REGION_FACTS, starterTemplate } from '#lb/mapping';
import { CrossReferences } from '#lb/sync';
import { ownerDataSource } from '#lb/testing';
import { control as xeroControl, uniq } from '../../sandbox/src/xero/testing/sandbox-harness';
import { usePairWorld } from './mapping-pair-world';
import { change, XeroWorld } from './xero-world';

type Json = Record<string, unknown>;

const LIMIT = 50;

/** What the test expects a resync to do with an X3 record it matched: change it, or why not. */
function x3Verdict(entity: 'bill' | 'payment' | 'customer', current: X3Record): string {
  if (entity === 'payment') return 'posted';
  if (entity === 'customer') return current.isActive === false ? 'closed' : 'update';
  if (Number(current.paidAmount ?? 0) > 0) return 'paid';
  return current.status === 'validated' ? 'posted' : 'update';
}

describe('xero-to-x3 resync preview on the AU sandbox pair', () => {
  const {
    world: worldOf,
    x3Transport,
    x3List,
    bothSides,
    pairFor,
  } = usePairWorld(['customer', 'supplier', 'purchaseInvoice', 'payment'] as X3EntityName[]);
  let world: XeroWorld;
  let owner: DataSource;
  beforeAll(async () => {
    world = worldOf();
    owner = await ownerDataSource();
  });
  afterAll(async () => {
    await owner?.destroy();
  });

  it('AU: lists the X3 bills, payments and customers a resync would change, and leaves posted, paid and closed ones alone, writing nothing', async () => {
    const { admin, base, xeroRead, org } = await pairFor('AU');
    const { x3Company, x3Site } = REGION_FACTS.AU;
    const integrationId = base.split('/')[3];
    for (const entity of ['bill', 'payment', 'customer'] as const) {
      const document = starterTemplate('AU', entity, 'xero-to-x3');
      const saved = await change(world, admin, 'POST', `${base}/${entity}/xero-to-x3/versions`, { document });
      expect({ entity, status: saved.status }).toEqual({ entity, status: 201 });
    }

    // X3: besides the seed's pending supplier invoice, one validated and one paid by a payment.
    const [seeded] = (await x3List('purchaseInvoice', [x3Company])).filter(
      (r) => purchaseInvoiceEntityOf(r) === 'bill',
    );
    expect(seeded).toBeDefined();
    const supplier = String(seeded.billBySupplier);
    const x3 = x3Transport([x3Company]);
    let validated: X3Record;
    let paid: X3Record;
    try {
      const bill = (number: string) =>
        x3.create('purchaseInvoice', {
          site: x3Site,
          billBySupplier: supplier,
          supplierDocumentNumber: number,
          accountingDate: '2026-11-20',
          lines: [{ product: 'DIS010', quantityInPurchaseUnitInvoiced: '2', netPrice: '5.00' }],
        });
      validated = await bill(uniq('V'));
      await x3.runAction('purchaseInvoice', 'validate', String(validated._id));
      paid = await bill(uniq('P'));
      await x3.create('payment', {
        businessPartnerType: 'supplier',
        businessPartner: supplier,
        site: x3Site,
        accountingDate: '2026-11-21',
        lines: [{ document: String(paid._id), amount: '1.00' }],
      });
    } finally {
      x3.close();
    }
    const x3Bills = (await x3List('purchaseInvoice', [x3Company])).filter((r) => purchaseInvoiceEntityOf(r) === 'bill');
    const x3Payments = await x3List('payment', [x3Company]);
    const x3Customers = await x3List('customer', [x3Company]);
    const x3Bill = (id: unknown) => x3Bills.find((r) => r._id === id)!;
    expect([seeded, validated!, paid!].map((r) => x3Verdict('bill', x3Bill(r._id)))).toEqual([
      'update',
      'posted',
      'paid',
    ]);

    // Xero: a bill over each of the three (our X3 key in Reference, a new supplier number, so
    // an update), a payment of the first carrying an X3 payment's key, and two customers keyed
    // in under X3 codes with names of their own.
    const today = new Date().toISOString().slice(0, 10);
    const overX3 = async (x3Id: unknown) => {
      const made = await xeroControl(world.sandbox, org, 'POST', '/edits/invoices', {
        Type: 'ACCPAY',
        Contact: { ContactNumber: supplier },
        InvoiceNumber: uniq('typed'),
        Reference: String(x3Id),
        Date: today,
        DueDate: today,
        Status: 'AUTHORISED',
        LineAmountTypes: 'Exclusive',
        LineItems: [{ Description: 'Keyed', Quantity: 1, UnitAmount: 100, AccountCode: '310', TaxType: 'INPUT' }],
      });
      expect(made.status).toBeLessThan(300);
      return String((made.body as Json).InvoiceID);
    };
    const xeroBills = new Map<string, X3Record>();
    for (const r of [seeded, validated!, paid!]) xeroBills.set(await overX3(r._id), x3Bill(r._id));
    const [firstBill] = xeroBills.keys();
    const x3Payment = x3Payments[0];
    const made = await xeroRead('PUT', '/Payments', {
      Payments: [
        {
          Invoice: { InvoiceID: firstBill },
          Account: { Code: '090' },
          Date: today,
          Amount: 10,
          Reference: x3Payment._id,
        },
      ],
    });
    expect(made.status === 200 ? 'ok' : made.text).toBe('ok');
    const paymentId = String(((made.body as Json).Payments as Json[])[0].PaymentID);
    for (const customer of x3Customers.slice(0, 2)) {
      const typed = await xeroControl(world.sandbox, org, 'POST', '/edits/contacts', {
        Name: `Typed ${String(customer._id)}`,
        ContactNumber: customer._id,
      });
      expect(typed.status).toBeLessThan(300);
    }
    // The sync knows the first bill and its supplier: their cross-references name their X3 keys
    // (a Xero payment names the bill by InvoiceID and its contact by ContactID only).
    const [{ tenant_id: tenantId }] = await owner.query<Array<{ tenant_id: string }>>(
      'SELECT tenant_id FROM integrations WHERE id = $1',
      [integrationId],
    );
    await new CrossReferences().record(owner.manager, tenantId, {
      integrationId,
      entity: 'bill',
      x3Key: String(seeded._id),
      xeroId: firstBill,
      contentHash: 'test',
      kind: 'read',
    });
    const bill = JSON.parse((await xeroRead('GET', `/Invoices/${firstBill}`)).text) as { Invoices: Json[] };
    await new CrossReferences().record(owner.manager, tenantId, {
      integrationId,
      entity: 'supplier',
      x3Key: supplier,
      xeroId: String((bill.Invoices[0].Contact as Json).ContactID),
      contentHash: 'test',
      kind: 'read',
    });

    const before = await bothSides(xeroRead);
    const preview = async (entity: string) => {
      const run = await change(world, admin, 'POST', `${base}/${entity}/xero-to-x3/resync-preview`, { limit: LIMIT });
      expect({ entity, status: run.status, body: run.status === 200 ? 'ok' : run.body }).toEqual({
        entity,
        status: 200,
        body: 'ok',
      });
      return run.body as { wouldUpdate: Json[]; wouldSkip: Json[]; unaffected: Json; read: number };
    };
    const verdicts = (p: { wouldUpdate: Json[]; wouldSkip: Json[] }) =>
      new Map<string, string>([
        ...p.wouldUpdate.map((r) => [String(r.sourceKey), 'update'] as [string, string]),
        ...p.wouldSkip.map((r) => [String(r.sourceKey), String(r.reason)] as [string, string]),
      ]);

    // Bills: each keyed bill as its X3 record implies; every verdict is one its X3 record implies.
    const bills = await preview('bill');
    const billVerdicts = verdicts(bills);
    for (const [xeroId, current] of xeroBills) {
      expect({ xeroId, verdict: billVerdicts.get(xeroId) }).toEqual({ xeroId, verdict: x3Verdict('bill', current) });
    }
    for (const r of [...bills.wouldUpdate, ...bills.wouldSkip]) {
      const current = x3Bill(r.targetId);
      expect({ r, verdict: billVerdicts.get(String(r.sourceKey)) }).toEqual({ r, verdict: x3Verdict('bill', current) });
    }
    expect(bills.wouldSkip.find((r) => r.sourceKey === [...xeroBills.keys()][1])).toMatchObject({
      targetId: validated!._id,
      reason: 'posted',
      detail: expect.stringContaining('Validated'),
    });
    expect(bills.wouldUpdate.find((r) => r.sourceKey === firstBill)).toMatchObject({
      targetId: seeded._id,
      changes: expect.arrayContaining([expect.objectContaining({ path: 'supplierDocumentNumber' })]),
    });

    // The payment is keyed to the X3 bill its cross-reference names; X3 never changes a payment.
    const dryRun = await change(world, admin, 'POST', `${base}/payment/xero-to-x3/dry-run`, { limit: LIMIT });
    const ours = (dryRun.body.records as Json[]).find((r) => r.sourceKey === paymentId);
    expect(ours).toMatchObject({
      action: 'update',
      payload: { businessPartner: supplier, lines: [{ document: seeded._id, amount: '10.00' }] },
    });

    const payments = await preview('payment');
    expect(payments.wouldSkip).toContainEqual({
      sourceKey: paymentId,
      targetId: x3Payment._id,
      reason: 'posted',
      detail: expect.stringContaining('never changed'),
    });
    expect(payments.wouldUpdate).toEqual([]);
    // Customers: the two typed in are updates of their X3 customers, or closed when inactive there.
    const customers = await preview('customer');
    const customerVerdicts = verdicts(customers);
    const typedIn = [...customers.wouldUpdate, ...customers.wouldSkip].filter((r) =>
      x3Customers.slice(0, 2).some((c) => c._id === r.targetId),
    );
    expect(typedIn).toHaveLength(2);
    for (const r of typedIn) {
      const current = x3Customers.find((c) => c._id === r.targetId)!;
      expect(customerVerdicts.get(String(r.sourceKey))).toBe(x3Verdict('customer', current));
    }
    expect(await bothSides(xeroRead)).toEqual(before);
  });
});
