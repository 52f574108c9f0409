/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
// Conformance: a third-party client (xero-node 20) drives every operation the sandbox serves,
// through a recording proxy; each request and response is validated against Xero's official
// OpenAPI files (xero_accounting.yaml, xero-identity.yaml) with openapi-backend.
import { XeroClient } from 'xero-node';
import { RecordingProxy } from '../testing/recording-proxy';
import {
  ALL_SCOPES,
  Sandbox,
  TestApp,
  TestOrg,
  authorize,
  createOrg,
  http,
  registerApp,
  startSandbox,
  uniq,
} from '../testing/sandbox-harness';
import { REVIEWED_UNDECLARED_STATUSES, Violation, loadValidator, validateExchange } from '../testing/spec-validator';
import { OPERATIONS } from './operations';

// Compiling the spec's large schemas takes most of this suite's time.

describe('conformance: xero-node 20 against the sandbox, validated with the official OpenAPI specs', () => {
  let sb: Sandbox;
  let proxy: RecordingProxy;
  let org: TestOrg;
  let app: TestApp;
  let tokens: { access_token: string; refresh_token?: string; id_token?: string };

  beforeAll(async () => {
    sb = await startSandbox({ xero: { minuteLimit: 100_000 } });
    proxy = new RecordingProxy(sb.url);
    await proxy.start();
    org = await createOrg(sb, `${uniq('conformance')}@example.test`, 'AU');
    app = await registerApp(sb, uniq('Conformance app'));
    tokens = (await authorize(sb, app, org)).tokens;
  });
  afterAll(async () => {
    await proxy?.close();
    await sb?.close();
  });

  it('every listed operation, driven by xero-node, conforms to xero_accounting.yaml', async () => {
    const xero = new XeroClient({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUris: [app.redirectUri],
      scopes: ALL_SCOPES.split(' '),
    });
    xero.setTokenSet({ ...tokens, token_type: 'Bearer', expires_at: Math.floor(Date.now() / 1000) + 1800 });
    xero.accountingApi.basePath = `${proxy.url}/api.xro/2.0`;
    const a = xero.accountingApi;
    const t = org.tenantId;
    const today = new Date().toISOString().slice(0, 10);
    const x = (v: unknown) => v as never;

    await a.getOrganisations(t);
    await a.getAccounts(t, undefined, 'Status=="ACTIVE"', 'Code ASC');
    await a.getTaxRates(t, undefined, 'Name ASC');
    await a.getCurrencies(t);
    const tracking = (await a.getTrackingCategories(t)).body.trackingCategories!;
    const contact = (
      await a.createContacts(
        t,
        x({
          contacts: [
            {
              name: 'Conformance Pty',
              contactNumber: 'CF-1',
              emailAddress: 'ap@conformance.example',
              addresses: [{ addressType: 'STREET', city: 'Sydney' }],
              phones: [{ phoneType: 'MOBILE', phoneNumber: '0400 000 000' }],
            },
          ],
        }),
        false,
      )
    ).body.contacts![0];
    await a.updateOrCreateContacts(
      t,
      x({ contacts: [{ name: 'Conformance Supplier', contactNumber: 'CF-2' }] }),
      false,
    );
    await a.updateContact(
      t,
      contact.contactID!,
      x({ contacts: [{ contactID: contact.contactID, name: 'Conformance Pty Ltd' }] }),
    );
    await a.getContacts(
      t,
      new Date(Date.now() - 3600_000),
      'Name!=null',
      'Name ASC',
      undefined,
      1,
      false,
      false,
      undefined,
      100,
    );
    await a.getContact(t, contact.contactID!);
    await a.createItems(
      t,
      x({
        items: [
          {
            code: 'CONF-1',
            name: 'Conformance item',
            salesDetails: { unitPrice: 10.1234, accountCode: '200', taxType: 'OUTPUT' },
          },
        ],
      }),
      false,
      4,
    );
    await a.updateOrCreateItems(t, x({ items: [{ code: 'CONF-1', name: 'Conformance item v2' }] }), false);
    await a.getItems(t, undefined, 'IsSold==true', 'Code ASC', 4);

    const line = {
      description: 'Widgets',
      quantity: 2,
      unitAmount: 50,
      accountCode: '200',
      taxType: 'OUTPUT',
      tracking: [{ name: tracking[0].name, option: tracking[0].options![0].name }],
    };
    const invoice = (
      await a.createInvoices(
        t,
        x({
          invoices: [
            {
              type: 'ACCREC',
              contact: { contactID: contact.contactID },
              date: today,
              dueDate: today,
              lineItems: [line],
              status: 'AUTHORISED',
              reference: 'CONF',
            },
          ],
        }),
        false,
        4,
        uniq('idem'),
      )
    ).body.invoices![0];
    const draft = (
      await a.updateOrCreateInvoices(
        t,
        x({
          invoices: [
            {
              type: 'ACCPAY',
              contact: { contactID: contact.contactID },
              date: today,
              dueDate: today,
              lineItems: [{ ...line, taxType: 'INPUT', accountCode: '429' }],
              status: 'DRAFT',
              lineAmountTypes: 'Inclusive',
            },
          ],
        }),
        false,
      )
    ).body.invoices![0];
    await a.updateInvoice(t, draft.invoiceID!, x({ invoices: [{ reference: 'updated', status: 'SUBMITTED' }] }));
    await a.getInvoices(
      t,
      new Date(Date.now() - 3600_000),
      'Status=="AUTHORISED"',
      'Date DESC',
      undefined,
      undefined,
      undefined,
      ['AUTHORISED', 'PAID'],
      1,
      false,
      false,
      4,
      false,
      100,
    );
    await a.getInvoice(t, invoice.invoiceID!, 4);

    const credit = (
      await a.createCreditNotes(
        t,
        x({
          creditNotes: [
            {
              type: 'ACCRECCREDIT',
              contact: { contactID: contact.contactID },
              date: today,
              lineItems: [{ ...line, unitAmount: 10, quantity: 1 }],
              status: 'AUTHORISED',
            },
          ],
        }),
        false,
      )
    ).body.creditNotes![0];
    await a.updateOrCreateCreditNotes(
      t,
      x({
        creditNotes: [
          {
            type: 'ACCRECCREDIT',
            contact: { contactID: contact.contactID },
            date: today,
            lineItems: [line],
            status: 'DRAFT',
          },
        ],
      }),
      false,
    );
    await a.createCreditNoteAllocation(
      t,
      credit.creditNoteID!,
      x({ allocations: [{ invoice: { invoiceID: invoice.invoiceID }, amount: 5, date: today }] }),
      false,
    );
    await a.getCreditNotes(t, undefined, 'Status=="AUTHORISED"', undefined, 1, 4, 100);

    const payment = (
      await a.createPayment(
        t,
        x({
          invoice: { invoiceID: invoice.invoiceID },
          account: { code: '090' },
          amount: 10,
          date: today,
          reference: 'CONF-PAY',
        }),
      )
    ).body.payments![0];
    await a.createPayments(
      t,
      x({
        payments: [{ invoice: { invoiceID: invoice.invoiceID }, account: { code: '090' }, amount: 20, date: today }],
      }),
      false,
    );
    await a.deletePayment(t, payment.paymentID!, x({ status: 'DELETED' }));
    await a.getPayments(t, undefined, 'Status=="AUTHORISED"', 'Amount ASC', 1, 100);

    const journal = (
      await a.createManualJournals(
        t,
        x({
          manualJournals: [
            {
              narration: 'Conformance journal',
              date: today,
              journalLines: [
                { lineAmount: 100, accountCode: '429', description: 'debit' },
                { lineAmount: -100, accountCode: '090', description: 'credit' },
              ],
            },
          ],
        }),
        false,
      )
    ).body.manualJournals![0];
    await a.updateOrCreateManualJournals(
      t,
      x({
        manualJournals: [
          {
            manualJournalID: journal.manualJournalID,
            narration: 'Conformance journal, corrected',
            date: today,
            journalLines: [
              { lineAmount: 120, accountCode: '429', description: 'debit' },
              { lineAmount: -120, accountCode: '090', description: 'credit' },
            ],
          },
        ],
      }),
      false,
    );
    await a.getManualJournals(t, undefined, 'Status=="DRAFT"', undefined, 1, 100);

    const po = (
      await a.createPurchaseOrders(
        t,
        x({
          purchaseOrders: [
            {
              contact: { contactID: contact.contactID },
              date: today,
              deliveryDate: today,
              lineItems: [{ description: 'Parts', quantity: 3, unitAmount: 7.5, accountCode: '429', taxType: 'INPUT' }],
            },
          ],
        }),
        false,
      )
    ).body.purchaseOrders![0];
    await a.updateOrCreatePurchaseOrders(
      t,
      x({ purchaseOrders: [{ purchaseOrderID: po.purchaseOrderID, status: 'SUBMITTED' }] }),
      false,
    );
    await a.getPurchaseOrders(t, undefined, 'SUBMITTED', undefined, undefined, 'Date ASC', 1, 100);

    // Mixed batch outcomes (summarizeErrors=false) and the lighter unpaged list must conform too.
    const mixed = await a.createInvoices(
      t,
      x({
        invoices: [
          { type: 'ACCREC', contact: { contactID: contact.contactID }, lineItems: [line], status: 'DRAFT' },
          {
            type: 'ACCREC',
            contact: { contactID: contact.contactID },
            lineItems: [{ ...line, accountCode: '000' }],
            status: 'AUTHORISED',
          },
        ],
      }),
      false,
    );
    expect(mixed.body.invoices!.map((i) => i.statusAttributeString)).toEqual(['OK', 'ERROR']);
    await a.getInvoices(t);
    await a.getContacts(t, undefined, undefined, undefined, [contact.contactID!]);

    // A whole-batch 400 (summarizeErrors omitted) must also match the spec's Error schema.
    // (xero-node rejects with a JSON string of {response: {statusCode, body}}.)
    await expect(a.createContacts(t, x({ contacts: [{ name: 'Conformance Pty Ltd' }] }))).rejects.toMatch(
      /"statusCode":400/,
    );
    await expect(a.updateInvoice(t, invoice.invoiceID!, x({ invoices: [{ status: 'DRAFT' }] }))).rejects.toMatch(
      /"statusCode":400/,
    );
    // Xero's 404 for an unknown invoice: the spec declares only 200, so it is on the reviewed list.
    await expect(a.getInvoice(t, '00000000-0000-4000-8000-000000000000')).rejects.toMatch(/"statusCode":404/);

    const validator = await loadValidator('xero_accounting.yaml');
    const violations: Violation[] = [];
    const seen = new Set<string>();
    for (const ex of proxy.exchanges.filter((e) => e.path.startsWith('/api.xro/2.0'))) {
      const { operationId, violations: v } = validateExchange(validator, ex, '/api.xro/2.0', { prefer: OPERATIONS });
      if (operationId) seen.add(operationId);
      violations.push(...v);
    }
    expect(proxy.exchanges.filter((e) => e.status >= 400).map((e) => e.status)).toEqual([400, 400, 404]);
    expect(violations).toEqual([]);
    expect([...seen].sort()).toEqual([...OPERATIONS].sort());
    // Every reviewed exception is exercised here, so none can linger once it no longer applies.
    for (const r of REVIEWED_UNDECLARED_STATUSES) {
      expect(proxy.exchanges.some((e) => e.status === r.status && e.path.startsWith('/api.xro/2.0'))).toBe(true);
    }

    // Negative control: the validator does catch a response that breaks the schema.
    const sample = proxy.exchanges.find(
      (e) => e.method === 'GET' && e.path === '/api.xro/2.0/Invoices' && e.status === 200,
    )!;
    const broken = JSON.parse(sample.responseBody);
    broken.Invoices[0].InvoiceID = 'not-a-uuid';
    broken.Invoices[0].Total = '115.00';
    const caught = validateExchange(validator, { ...sample, responseBody: JSON.stringify(broken) }, '/api.xro/2.0', {
      prefer: OPERATIONS,
    });
    expect(caught.violations.length).toBeGreaterThan(0);

    // Negative control: a status the operation does not declare is caught, even with a body that
    // would pass (openapi-backend alone skips undeclared statuses).
    const undeclared = validateExchange(validator, { ...sample, status: 409 }, '/api.xro/2.0', { prefer: OPERATIONS });
    expect(undeclared.violations).toEqual([
      expect.objectContaining({ operationId: 'getInvoices', where: 'status', status: 409 }),
    ]);
    const unknownContact = proxy.exchanges.find(
      (e) => e.method === 'GET' && e.path.startsWith('/api.xro/2.0/Contacts/'),
    )!;
    expect(
      validateExchange(validator, { ...unknownContact, status: 404, responseBody: '' }, '/api.xro/2.0', {
        prefer: OPERATIONS,
      }).violations.map((v) => v.where),
    ).toContain('status');
  });

  it('GET and DELETE /connections conform to xero-identity.yaml', async () => {
    const auth = { authorization: `Bearer ${tokens.access_token}` };
    const list = await http(`${proxy.url}/connections`, { headers: auth });
    await http(`${proxy.url}/connections?authEventId=${list.body[0].authEventId}`, { headers: auth });
    await http(`${proxy.url}/connections/${list.body[0].id}`, { method: 'DELETE', headers: auth });
    const validator = await loadValidator('xero-identity.yaml');
    const results = proxy.exchanges
      .filter((e) => e.path.startsWith('/connections'))
      .map((ex) =>
        validateExchange(validator, ex, '', { rewritePath: (p) => p.replace(/^\/connections/, '/Connections') }),
      );
    expect(results.map((r) => r.operationId)).toEqual(['getConnections', 'getConnections', 'deleteConnection']);
    expect(results.flatMap((r) => r.violations)).toEqual([]);
  });
});
