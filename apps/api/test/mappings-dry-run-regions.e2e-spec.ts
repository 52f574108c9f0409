// The dry run with each region's starter templates on its same-currency sandbox pair (AU10, GB10,
// US10 against a fresh Xero AU, UK, US organisation): the expected answers come from the seeds,
// read independently of the product, and neither side changes.
import { createX3Transport, X3EntityName, X3Record } from '#lb/connectors/sage-x3';
import {
  purchaseInvoiceEntityOf,
  REGION_FACTS,
  salesInvoiceEntityOf,
  StarterEntity,
  StarterRegion,
  starterTemplate,
} from '#lb/mapping';
import { CookieBrowser } from '#lb/testing';
import {
  api,
  authorize,
  control as xeroControl,
  registerApp,
  TestOrg,
  uniq,
} from '../../sandbox/src/xero/testing/sandbox-harness';
import { control as x3Control, provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import {
  change,
  connectXero,
  newOrg,
  read,
  signInWithXero,
  startXeroWorld,
  uniqueEmail,
  XeroWorld,
} from './xero-world';

type Json = Record<string, unknown>;

/** The most records one dry run answers for. */
const LIMIT = 50;

/** Where each template entity's records live in X3, which of them are that entity, and the party a document names. */
const SOURCES: Array<{
  entity: StarterEntity;
  node: X3EntityName;
  belongs?: (r: X3Record) => boolean;
  party?: string;
}> = [
  { entity: 'customer', node: 'customer' },
  { entity: 'supplier', node: 'supplier' },
  { entity: 'product', node: 'product' },
  {
    entity: 'invoice',
    node: 'salesInvoice',
    belongs: (r) => salesInvoiceEntityOf(r) === 'invoice',
    party: 'billToCustomer',
  },
  {
    entity: 'bill',
    node: 'purchaseInvoice',
    belongs: (r) => purchaseInvoiceEntityOf(r) === 'bill',
    party: 'billBySupplier',
  },
];

/** A line's analytic dimensions as X3 sends them: type (DIE) and value (CCE) by position. */
const dimensionsOf = (line: Json) =>
  Array.from({ length: 20 }, (_, i) => [line[`dimensionType${i + 1}`], line[`analyticalDimension${i + 1}`]])
    .filter(([type, value]) => typeof type === 'string' && type && typeof value === 'string' && value)
    .map(([type, value]) => ({ type: String(type), value: String(value) }));

describe('dry run with the starter templates on the AU, UK and US sandbox pairs', () => {
  let world: XeroWorld;
  let folder: TestFolder;

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true' });
    folder = await provisionFolder(world.sandbox.url);
  });
  afterAll(async () => {
    await world?.close();
  });

  /** The records of a company's scope the seed holds, read straight from the X3 sandbox. */
  const x3Records = async (companies: string[]) => {
    const transport = createX3Transport({
      baseUrl: world.sandbox.url,
      endpoint: folder.folder,
      companies,
      auth: { kind: 'jwt', ...folder.connectedApplication },
      allowPrivateTargets: true,
    });
    const out = new Map<X3EntityName, X3Record[]>();
    try {
      for (const { node } of SOURCES) {
        const records: X3Record[] = [];
        for await (const r of transport.list(node)) records.push(r);
        out.set(node, records);
      }
    } finally {
      transport.close();
    }
    return out;
  };

  /** One X3 node's records in the given companies' scope, read straight from the X3 sandbox. */
  const x3List = async (node: X3EntityName, companies: string[]) => {
    const transport = createX3Transport({
      baseUrl: world.sandbox.url,
      endpoint: folder.folder,
      companies,
      auth: { kind: 'jwt', ...folder.connectedApplication },
      allowPrivateTargets: true,
    });
    const records: X3Record[] = [];
    try {
      for await (const r of transport.list(node)) records.push(r);
    } finally {
      transport.close();
    }
    return records;
  };

  /** Everything the X3 folder and the Xero organisation hold that a write could touch. */
  const bothSides = async (xeroRead: ReturnType<typeof api>) => {
    const x3 = [...(await x3Records([])).entries()].flatMap(([node, records]) =>
      records.map((r) => `${node}:${r._id}:${String(r._updateStamp)}`),
    );
    const summary = (await x3Control(world.sandbox.url, folder, 'GET', '')).body.counts;
    const xero = await Promise.all(
      ['/Contacts?pageSize=1000', '/Invoices?pageSize=1000', '/Items', '/Payments'].map(async (path) => {
        // The envelope's Id and DateTimeUTC differ on every answer; the records do not.
        const { Id: _id, DateTimeUTC: _at, ...records } = JSON.parse((await xeroRead('GET', path)).text) as Json;
        return records;
      }),
    );
    return { x3: x3.sort(), summary, xero };
  };

  /** A tenant signed in with a fresh Xero organisation of the region, paired with its X3 company. */
  const pairFor = async (region: StarterRegion) => {
    const org: TestOrg = await newOrg(world, uniqueEmail(`dry-run-${region}`), region);
    const admin = new CookieBrowser();
    await signInWithXero(world, admin, org);
    await connectXero(world, admin, org);
    const a = folder.connectedApplication;
    const x3 = await change(world, admin, 'POST', '/api/connections/x3', {
      name: 'Folder',
      baseUrl: world.sandbox.url,
      folder: folder.folder,
      companies: [],
      auth: { mode: 'jwt', clientId: a.clientId, secret: a.secret, user: a.user },
    });
    expect(x3.status).toBe(201);
    const xeroId = (await read(world, admin, '/api/connections')).body.xero[0].id;
    const pair = await change(world, admin, 'POST', '/api/integrations', {
      name: `${region} ledger`,
      xeroConnectionId: xeroId,
      x3ConnectionId: x3.body.id,
      x3Company: REGION_FACTS[region].x3Company,
    });
    expect(pair.status).toBe(201);
    const reader = await registerApp(world.sandbox, uniq('reader'));
    const { tokens } = await authorize(world.sandbox, reader, org);
    return {
      admin,
      org,
      base: `/api/integrations/${String(pair.body.id)}/mappings`,
      xeroRead: api(world.sandbox, tokens.access_token, org.tenantId),
    };
  };

  it.each<StarterRegion>(['AU', 'UK', 'US'])(
    '%s: every record of the company gets the answer its seed implies on a fresh organisation, and nothing is written',
    async (region) => {
      const { admin, base, xeroRead } = await pairFor(region);
      const seeded = await x3Records([REGION_FACTS[region].x3Company]);
      const before = await bothSides(xeroRead);

      // Xero takes an X3 dimension as tracking only where the organisation has that category and option.
      const { TrackingCategories: categories } = JSON.parse((await xeroRead('GET', '/TrackingCategories')).text) as {
        TrackingCategories: Array<{ Name: string; Options: Array<{ Name: string }> }>;
      };
      const tracks = ({ type, value }: { type: string; value: string }) =>
        categories.some(
          (c) =>
            c.Name.toLowerCase() === type.toLowerCase() &&
            c.Options.some((o) => o.Name.toLowerCase() === value.toLowerCase()),
        );

      let answered = 0;
      for (const { entity, node, belongs, party } of SOURCES) {
        const template = starterTemplate(region, entity);
        const saved = await change(world, admin, 'POST', `${base}/${entity}/x3-to-xero/versions`, {
          document: template,
        });
        // The template's tracking table (options.tracking) turns each X3 dimension into a Xero
        // category and option; dimension types it never names are not tracked.
        const trackingTable = template.lookups.find((t) => t.name === template.options?.tracking?.table);
        const mappedTypes = new Set(trackingTable?.entries.map((e) => e.key[0]));
        const untrackedIn = (line: Json) =>
          dimensionsOf(line)
            .filter((d) => mappedTypes.has(d.type))
            .some((d) => {
              const to = trackingTable!.entries.find((e) => e.key[0] === d.type && e.key[1] === d.value)?.value;
              expect({ dimension: d, mapped: to !== undefined }).toEqual({ dimension: d, mapped: true });
              return !tracks({ type: to!.name, value: to!.option });
            });
        expect(saved.status).toBe(201);
        const run = await change(world, admin, 'POST', `${base}/${entity}/x3-to-xero/dry-run`, { limit: LIMIT });
        expect({ entity, status: run.status }).toEqual({ entity, status: 200 });

        // The seed's records of that entity in the company's scope (master data is folder-wide). A
        // fresh organisation holds none of them: partners and products are new; a document is
        // invalid when a line's dimension translates to a category or option the organisation lacks,
        // else it waits on its contact (which the sync creates first).
        const expected = (seeded.get(node) ?? [])
          .filter((r) => !belongs || belongs(r))
          .slice(0, LIMIT)
          .map((r) => {
            if (!party) return { sourceKey: r._id, action: 'create' };
            const lines = (r.lines as Json[] | undefined) ?? [];
            const untracked = lines.some(untrackedIn);
            return untracked
              ? {
                  sourceKey: r._id,
                  action: 'invalid',
                  issues: expect.arrayContaining([
                    expect.objectContaining({
                      rule: 'xero-unknown-tracking-category',
                      field: expect.stringMatching(/^lineItems\[\d+\]\.tracking\[\d+\]\.name$/),
                    }),
                  ]),
                }
              : {
                  sourceKey: r._id,
                  action: 'waiting',
                  missing: expect.arrayContaining([{ table: 'contacts', key: [String(r[party])] }]),
                };
          });
        const records = run.body.records as Json[];
        expect({ entity, records }).toEqual({
          entity,
          records: expected.map((e) => expect.objectContaining(e)),
        });
        const count = (action: string) => expected.filter((e) => e.action === action).length;
        expect({ entity, counts: run.body.counts }).toEqual({
          entity,
          counts: { create: count('create'), update: 0, skip: 0, invalid: count('invalid'), waiting: count('waiting') },
        });
        answered += expected.length;
      }
      expect(answered).toBeGreaterThan(0);

      expect(await bothSides(xeroRead)).toEqual(before);
    },
  );
  it('AU: a xero-to-x3 customer mapping matches Xero contacts to X3 customers by code, writing nothing', async () => {
    const { admin, base, xeroRead, org } = await pairFor('AU');
    const saved = await change(world, admin, 'POST', `${base}/customer/xero-to-x3/versions`, {
      document: {
        schema: 1,
        entity: 'customer',
        direction: 'xero-to-x3',
        fields: [{ target: 'name', source: { kind: 'expression', expression: 'name' } }],
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
    // or unmarked), each new to X3 unless its contact number is an X3 customer code.
    const { Contacts: contacts } = JSON.parse((await xeroRead('GET', '/Contacts?pageSize=1000')).text) as {
      Contacts: Array<{
        ContactID: string;
        ContactNumber?: string;
        ContactStatus: string;
        IsCustomer?: boolean;
        IsSupplier?: boolean;
      }>;
    };
    const expected = contacts
      .filter((c) => c.ContactStatus !== 'ARCHIVED' && (c.IsCustomer === true || c.IsSupplier !== true))
      .slice(0, LIMIT)
      .map((c) => ({ sourceKey: c.ContactID, inX3: x3Codes.includes(c.ContactNumber ?? c.ContactID) }));
    expect(expected.filter((e) => e.inX3)).toHaveLength(2);
    expect(expected.filter((e) => !e.inX3).length).toBeGreaterThan(0);

    const before = await bothSides(xeroRead);
    const run = await change(world, admin, 'POST', `${base}/customer/xero-to-x3/dry-run`, { limit: LIMIT });
    expect(run.status === 200 ? 'ok' : run.body).toBe('ok');
    const records = run.body.records as Array<{ sourceKey: string; action: string; targetId?: string }>;
    expect(records.map((r) => r.sourceKey)).toEqual(expected.map((e) => e.sourceKey));
    records.forEach((r, i) => {
      if (expected[i].inX3) expect(['update', 'skip']).toContain(r.action);
      else expect(r.action).toBe('create');
    });
    expect(run.body.counts.create).toBe(expected.filter((e) => !e.inX3).length);
    // The hand-typed name differs from X3's company name: an update with that field diff.
    const typed = records.filter((_, i) => expected[i].inX3);
    for (const r of typed) {
      expect(r).toMatchObject({
        action: 'update',
        targetId: expect.any(String),
        changes: expect.arrayContaining([expect.objectContaining({ path: 'companyName', kind: 'changed' })]),
      });
    }
    // A resync preview compares with Xero only.
    expect((await change(world, admin, 'POST', `${base}/customer/xero-to-x3/resync-preview`, {})).status).toBe(400);
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
    const unknownSupplier = await keyBill({ Contact: { ContactNumber: uniq('NEWSUP') }, InvoiceNumber: uniq('new') });
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
    // is not in the template's table (NONE reaches the record as no tax code: an empty key); else
    // it updates or leaves the X3 record it matches (Reference = X3 key, else same supplier and
    // number), or is new. A payment matches the X3 payment its Reference names, else is new.
    const taxCodes = new Set(templates.bill.lookups[0].entries.map((e) => e.key[0]));
    const methods = new Set(templates.payment.lookups[0].entries.map((e) => e.key[0]));
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
    const expectedBills = bills.map((b) => {
      const keys = ((b.LineItems as Json[] | undefined) ?? []).map((l) =>
        typeof l.TaxType === 'string' && l.TaxType !== 'NONE' ? l.TaxType : '',
      );
      const unmapped = keys.filter((k) => !taxCodes.has(k));
      if (unmapped.length)
        return {
          sourceKey: b.InvoiceID,
          action: 'waiting',
          missing: expect.arrayContaining(unmapped.map((k) => ({ table: 'x3-purchase-tax-code', key: [k] }))),
        };
      const target = billTarget(b);
      return target
        ? { sourceKey: b.InvoiceID, action: expect.stringMatching(/^(update|skip)$/), targetId: target }
        : { sourceKey: b.InvoiceID, action: 'create' };
    });
    const payments = (await listing('/Payments', 'Payments')).filter((p) => p.Status !== 'DELETED').slice(0, LIMIT);
    const expectedPayments = payments.map((p) => {
      const code = (p.Account as { Code?: string } | undefined)?.Code ?? '';
      if (!methods.has(code))
        return { sourceKey: p.PaymentID, action: 'waiting', missing: [{ table: 'payment-method', key: [code] }] };
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
    expect(answerOf(expectedPayments, paidWithKey)).toMatchObject({ targetId: ourPayment });
    expect(answerOf(expectedPayments, paidWithout)).toEqual({ sourceKey: paidWithout, action: 'create' });

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
