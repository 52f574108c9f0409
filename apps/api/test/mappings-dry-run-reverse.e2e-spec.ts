// The xero-to-x3 dry run on the AU sandbox pair: Xero contacts, bills and payments matched to X3
// records, answers derived from what each test keys in on both sides, and neither side changes.
import { X3EntityName } from '#lb/connectors/sage-x3';
import { purchaseInvoiceEntityOf, REGION_FACTS, starterTemplate } from '#lb/mapping';
import { control as xeroControl, uniq } from '../../sandbox/src/xero/testing/sandbox-harness';
import { usePairWorld } from './mapping-pair-world';
import { change, XeroWorld } from './xero-world';

type Json = Record<string, unknown>;

/** The most records one dry run answers for. */
const LIMIT = 50;

/** X3 business partner codes (BPCNUM / BPSNUM): what X3 accepts as a code. */
const X3_CODE = /^[A-Z0-9_]{1,15}$/;

/**
 * The code the starter mapping gives a contact, as its documented rule says (reverse-templates.ts),
 * computed here independently: the ContactNumber upper-cased with other characters made '_', or
 * 'X' + the first 14 hex digits of the ContactID when there is none. Longer than 15: X3 refuses it.
 */
function x3CodeOf(c: { ContactID: string; ContactNumber?: string }): string {
  if (c.ContactNumber) return c.ContactNumber.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
  return `X${c.ContactID.replace(/-/g, '').toUpperCase().slice(0, 14)}`;
}

describe('xero-to-x3 dry run on the AU sandbox pair', () => {
  const {
    world: worldOf,
    x3Records,
    x3List,
    bothSides,
    pairFor,
  } = usePairWorld(['customer', 'supplier', 'product', 'salesInvoice', 'purchaseInvoice', 'payment'] as X3EntityName[]);
  let world: XeroWorld;
  beforeAll(() => {
    world = worldOf();
  });

  it('AU: a xero-to-x3 customer mapping matches Xero contacts to X3 customers by code, writing nothing', async () => {
    const { admin, base, xeroRead, org } = await pairFor('AU');
    const saved = await change(world, admin, 'POST', `${base}/customer/xero-to-x3/versions`, {
      document: {
        schema: 1,
        entity: 'customer',
        direction: 'xero-to-x3',
        fields: [
          { target: 'name', source: { kind: 'expression', expression: 'name' } },
          ...starterTemplate('AU', 'customer', 'xero-to-x3').fields,
        ],
        lookups: [],
      },
    });
    expect(saved.status).toBe(201);
    // Two of the folder's customers are also in Xero, keyed in by hand under their X3 codes.
    const x3Codes = (await x3Records([])).get('customer')!.map((r) => r._id);
    for (const code of x3Codes.slice(0, 2)) {
      const made = await xeroControl(world.sandbox, org, 'POST', '/edits/contacts', {
        Name: `Typed ${code}`,
        ContactNumber: code,
      });
      expect(made.status).toBeLessThan(300);
    }
    // Expected from both sides, read independently: the organisation's customers (marked as such,
    // or unmarked), each new to X3 unless its contact number is an X3 customer code; one whose
    // code (ContactNumber, else ContactID) or name X3 cannot hold is invalid before any write.
    const { Contacts: contacts } = JSON.parse((await xeroRead('GET', '/Contacts?pageSize=1000')).text) as {
      Contacts: Array<{
        ContactID: string;
        ContactNumber?: string;
        ContactStatus: string;
        IsCustomer?: boolean;
        IsSupplier?: boolean;
        Name: string;
      }>;
    };
    const expected = contacts
      .filter((c) => c.ContactStatus !== 'ARCHIVED' && (c.IsCustomer === true || c.IsSupplier !== true))
      .slice(0, LIMIT)
      .map((c) => ({
        sourceKey: c.ContactID,
        inX3: x3Codes.includes(x3CodeOf(c)),
        x3Refuses: !X3_CODE.test(x3CodeOf(c)) || c.Name.length > 35,
      }));
    expect(expected.filter((e) => e.inX3)).toHaveLength(2);
    expect(expected.filter((e) => !e.inX3).length).toBeGreaterThan(0);

    const before = await bothSides(xeroRead);
    const run = await change(world, admin, 'POST', `${base}/customer/xero-to-x3/dry-run`, { limit: LIMIT });
    expect(run.status === 200 ? 'ok' : run.body).toBe('ok');
    const records = run.body.records as Array<{ sourceKey: string; action: string; targetId?: string }>;
    expect(records.map((r) => r.sourceKey)).toEqual(expected.map((e) => e.sourceKey));
    records.forEach((r, i) => {
      if (expected[i].inX3) expect(['update', 'skip']).toContain(r.action);
      else if (expected[i].x3Refuses) {
        expect(r).toMatchObject({ action: 'invalid', issues: expect.any(Array) });
        const rules = ((r as { issues?: Json[] }).issues ?? []).map(
          (issue) => `${String(issue.field)}:${String(issue.rule)}`,
        );
        expect(rules.some((rule) => /^(code:(x3-code|max-length)|companyName:max-length)$/.test(rule))).toBe(true);
      } else expect(r.action).toBe('create');
    });
    expect(run.body.counts.create).toBe(expected.filter((e) => !e.inX3 && !e.x3Refuses).length);
    // The hand-typed name differs from X3's company name: an update with that field diff.
    const typed = records.filter((_, i) => expected[i].inX3);
    for (const r of typed) {
      expect(r).toMatchObject({
        action: 'update',
        targetId: expect.any(String),
        changes: expect.arrayContaining([expect.objectContaining({ path: 'companyName', kind: 'changed' })]),
      });
    }
    expect(await bothSides(xeroRead)).toEqual(before);
  });

  it('AU: xero-to-x3 bills and payments with the starter templates are matched in X3 by supplier document number or our key in Reference, writing nothing', async () => {
    const { admin, base, xeroRead, org } = await pairFor('AU');
    const company = REGION_FACTS.AU.x3Company;
    const x3Bills = (await x3List('purchaseInvoice', [company])).filter((r) => purchaseInvoiceEntityOf(r) === 'bill');
    const x3Payments = await x3List('payment', [company]);
    const numbered = x3Bills.find((r) => typeof r.supplierDocumentNumber === 'string' && r.supplierDocumentNumber);
    expect(numbered).toBeDefined();
    expect(x3Payments.length).toBeGreaterThan(0);
    const templates = {
      bill: starterTemplate('AU', 'bill', 'xero-to-x3'),
      payment: starterTemplate('AU', 'payment', 'xero-to-x3'),
    };
    for (const [entity, document] of Object.entries(templates)) {
      const saved = await change(world, admin, 'POST', `${base}/${entity}/xero-to-x3/versions`, { document });
      expect({ entity, status: saved.status }).toEqual({ entity, status: 201 });
    }

    // Keyed into Xero: a bill of the X3 supplier under X3's supplier document number, one carrying
    // our X3 key in Reference, and one of a supplier X3 does not know; then a payment carrying an X3
    // payment's key in Reference and one with none.
    const today = new Date().toISOString().slice(0, 10);
    const keyBill = async (fields: Json) => {
      const made = await xeroControl(world.sandbox, org, 'POST', '/edits/invoices', {
        Type: 'ACCPAY',
        Date: today,
        DueDate: today,
        Status: 'AUTHORISED',
        LineAmountTypes: 'Exclusive',
        LineItems: [
          { Description: 'Keyed by hand', Quantity: 1, UnitAmount: 100, AccountCode: '310', TaxType: 'INPUT' },
        ],
        ...fields,
      });
      expect(made.status).toBeLessThan(300);
      return String((made.body as Json).InvoiceID);
    };
    const supplier = String(numbered!.billBySupplier);
    const byNumber = await keyBill({
      Contact: { ContactNumber: supplier },
      InvoiceNumber: String(numbered!.supplierDocumentNumber),
    });
    const byReference = await keyBill({
      Contact: { ContactNumber: supplier },
      InvoiceNumber: uniq('typed'),
      Reference: String(numbered!._id),
    });
    const newSupplier = `NS${Date.now().toString(36).toUpperCase().slice(-8)}`;
    const unknownSupplier = await keyBill({ Contact: { ContactNumber: newSupplier }, InvoiceNumber: uniq('new') });
    const pay = async (reference?: string) => {
      const made = await xeroRead('PUT', '/Payments', {
        Payments: [
          {
            Invoice: { InvoiceID: unknownSupplier },
            Account: { Code: '090' },
            Date: today,
            Amount: 10,
            Reference: reference,
          },
        ],
      });
      expect(made.status === 200 ? 'ok' : made.text).toBe('ok');
      return String(((made.body as Json).Payments as Json[])[0].PaymentID);
    };
    const ourPayment = String(x3Payments[0]._id);
    const paidWithKey = await pay(ourPayment);
    const paidWithout = await pay();

    // Expected answers derived independently from both sides: a bill waits when a line's tax type
    // (NONE for a line with none and no tax) is not in the template's table; it is invalid when X3
    // could not hold its supplier code (15) or number (30); else it updates or leaves the X3 record
    // it matches (Reference = X3 key, else same supplier and number), or is new. A payment of a
    // bill waits on the bill's cross-reference (none here); another waits on an unknown bank account
    // or updates the X3 payment its Reference names, else is new.
    const keysOf = (doc: { lookups: Array<{ name: string; entries: Array<{ key: string[] }> }> }, name: string) =>
      new Set(doc.lookups.find((t) => t.name === name)!.entries.map((e) => e.key[0]));
    const taxCodes = keysOf(templates.bill, 'x3-purchase-tax-code');
    const banks = keysOf(templates.payment, 'x3-bank');
    const methods = keysOf(templates.payment, 'payment-method');
    const x3BillIds = new Set(x3Bills.map((r) => String(r._id)));
    const x3PaymentIds = new Set(x3Payments.map((r) => String(r._id)));
    const listing = async (path: string, wrapper: string) =>
      (JSON.parse((await xeroRead('GET', path)).text) as Record<string, Json[]>)[wrapper];
    const bills = (await listing(`/Invoices?where=${encodeURIComponent('Type=="ACCPAY"')}`, 'Invoices'))
      .filter((b) => b.Status !== 'DELETED' && b.Status !== 'VOIDED')
      .slice(0, LIMIT);
    const billTarget = (b: Json) => {
      const reference = typeof b.Reference === 'string' ? b.Reference : '';
      if (x3BillIds.has(reference)) return reference;
      const contactNumber = (b.Contact as Json | undefined)?.ContactNumber;
      return x3Bills.find((r) => r.billBySupplier === contactNumber && r.supplierDocumentNumber === b.InvoiceNumber)
        ?._id;
    };
    const partyCode = (contact: unknown) => {
      const c = (contact ?? {}) as { ContactNumber?: string; ContactID?: string };
      return c.ContactNumber ?? c.ContactID ?? '';
    };
    const taxKey = (b: Json, l: Json) => {
      if (typeof l.TaxType === 'string' && l.TaxType) return l.TaxType;
      return b.LineAmountTypes === 'NoTax' || !l.TaxAmount ? 'NONE' : '';
    };
    const expectedBills = bills.map((b) => {
      const keys = ((b.LineItems as Json[] | undefined) ?? []).map((l) => taxKey(b, l));
      const unmapped = keys.filter((k) => !taxCodes.has(k));
      if (unmapped.length)
        return {
          sourceKey: b.InvoiceID,
          action: 'waiting',
          missing: expect.arrayContaining(unmapped.map((k) => ({ table: 'x3-purchase-tax-code', key: [k] }))),
        };
      if (partyCode(b.Contact).length > 15 || ((b.InvoiceNumber as string | undefined) ?? '').length > 30)
        return { sourceKey: b.InvoiceID, action: 'invalid', issues: expect.any(Array) };
      const target = billTarget(b);
      return target
        ? { sourceKey: b.InvoiceID, action: expect.stringMatching(/^(update|skip)$/), targetId: target }
        : { sourceKey: b.InvoiceID, action: 'create' };
    });
    const payments = (await listing('/Payments', 'Payments')).filter((p) => p.Status !== 'DELETED').slice(0, LIMIT);
    const expectedPayments = payments.map((p) => {
      const invoice = (p.Invoice ?? {}) as Json;
      if (invoice.Type === 'ACCPAY')
        return {
          sourceKey: p.PaymentID,
          action: 'waiting',
          missing: [{ table: 'cross-reference', key: ['bill', invoice.InvoiceID] }],
        };
      const code = (p.Account as { Code?: string } | undefined)?.Code ?? '';
      if (!banks.has(code) || !methods.has(code)) return { sourceKey: p.PaymentID, action: 'waiting' };
      if (partyCode(invoice.Contact).length > 15)
        return { sourceKey: p.PaymentID, action: 'invalid', issues: expect.any(Array) };
      const reference = typeof p.Reference === 'string' ? p.Reference : '';
      return x3PaymentIds.has(reference)
        ? { sourceKey: p.PaymentID, action: expect.stringMatching(/^(update|skip)$/), targetId: reference }
        : { sourceKey: p.PaymentID, action: 'create' };
    });
    // What the test keyed in is among them, with the answers it implies.
    const answerOf = (list: Json[], key: string) => list.find((e) => e.sourceKey === key);
    expect(answerOf(expectedBills, byNumber)).toMatchObject({ targetId: numbered!._id });
    expect(answerOf(expectedBills, byReference)).toMatchObject({ targetId: numbered!._id });
    expect(answerOf(expectedBills, unknownSupplier)).toEqual({ sourceKey: unknownSupplier, action: 'create' });
    // Both payments are of a bill our cross-references do not hold: they wait on it, never keyed by number.
    for (const paid of [paidWithKey, paidWithout]) {
      expect(answerOf(expectedPayments, paid)).toEqual({
        sourceKey: paid,
        action: 'waiting',
        missing: [{ table: 'cross-reference', key: ['bill', unknownSupplier] }],
      });
    }

    const before = await bothSides(xeroRead);
    const answers = new Map<string, Json[]>();
    for (const [entity, expected] of [
      ['bill', expectedBills],
      ['payment', expectedPayments],
    ] as const) {
      const run = await change(world, admin, 'POST', `${base}/${entity}/xero-to-x3/dry-run`, { limit: LIMIT });
      expect({ entity, status: run.status, body: run.status === 200 ? 'ok' : run.body }).toEqual({
        entity,
        status: 200,
        body: 'ok',
      });
      const records = run.body.records as Json[];
      expect({ entity, records }).toEqual({ entity, records: expected.map((e) => expect.objectContaining(e)) });
      answers.set(entity, records);
    }
    // The bill keyed under a new number over our X3 key would change X3's supplier document number
    // to it; the one keyed under X3's own number would not.
    const numberChange = (key: string) =>
      ((answerOf(answers.get('bill')!, key)?.changes as Json[] | undefined) ?? []).filter(
        (c) => c.path === 'supplierDocumentNumber',
      );
    const typedNumber = bills.find((b) => b.InvoiceID === byReference)!.InvoiceNumber;
    expect(numberChange(byReference)).toEqual([
      expect.objectContaining({ before: numbered!.supplierDocumentNumber, after: typedNumber }),
    ]);
    expect(answerOf(answers.get('bill')!, byNumber)?.action).toBe('update');
    expect(numberChange(byNumber)).toEqual([]);
    expect(await bothSides(xeroRead)).toEqual(before);
  });
});
