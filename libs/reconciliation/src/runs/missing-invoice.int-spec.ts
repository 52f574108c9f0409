// A missing invoice, on the real sandboxes: the customer was archived in Xero, so Xero refused the
// invoice the sync wrote for X3 (Xero: "archived and cannot be used on new documents"). Its X3 copy
// is kept, so the run finds it missing in Xero; the fix re-sends it. Approved while the contact is
// still archived, the re-send is refused again and nothing is lost; the contact restored, approved
// on the next run, the invoice reaches Xero once and the run after is clean.
import {
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
  xeroList,
} from '../../../sync/src/drain/testing/drain-world';
import { newCustomers } from '../../../sync/src/drain/testing/credit-documents';
import { PaymentWorld } from '../../../sync/src/drain/testing/payment-world';
import { acceptRecords, createX3Documents } from '../../../sync/src/drain/testing/x3-documents';
import { reconcilePair, reconciliationsFor } from './testing/reconcile-pair';

jest.setTimeout(300_000);

const FLOWS = ['customers', 'products', 'invoices'];

describe('reconciliation: an invoice Xero refused is missing in Xero until re-sent', () => {
  let w: DrainWorld;
  let pair: Pair;
  let t: PaymentWorld;

  beforeAll(async () => {
    w = await startDrainWorld();
    t = new PaymentWorld(w);
    pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
  });
  afterAll(() => stopDrainWorld(w));

  const reconcile = () => reconcilePair(w.h.tx, pair, '2027-01-31');
  const changes = (key: string) =>
    w.h.tx.run(pair.tenantId, (m) =>
      m.query<Array<{ state: string; action: string | null; messages: string[] | null }>>(
        `SELECT state, outcome->>'action' AS action, outcome->'messages' AS messages FROM sync_pending_changes
         WHERE integration_id = $1 AND flow_key = 'invoices' AND source_key = $2 ORDER BY updated_at`,
        [pair.integrationId, key],
      ),
    );
  const contactStatus = async (contactId: string, status: 'ARCHIVED' | 'ACTIVE') => {
    const res = await t.xeroWrite(pair, 'POST', `Contacts/${contactId}`, {
      Contacts: [{ ContactID: contactId, ContactStatus: status }],
    });
    if (res.status !== 200) throw new Error(`contact ${status}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const xeroInvoicesNumbered = async (key: string) =>
    (await xeroList(w, pair, 'Invoices?pageSize=1000', 'Invoices')).filter((i) => i.InvoiceNumber === key);

  it('found missing in Xero with its re-send; refused again while the contact is archived; re-sent once it is not; the next run clean', async () => {
    const [customer] = await newCustomers(w, 1);
    const [invoice] = await createX3Documents(
      w,
      'salesInvoice',
      [
        {
          invoiceType: 'invoice',
          salesSite: 'NZ011',
          billToCustomer: customer,
          priceBasis: 'excludingTax',
          accountingDate: '2027-01-12',
          lines: [{ product: 'NZFOOD01', quantityInSalesUnitInvoiced: '2', grossPrice: '40.00', taxCode: 'NZS' }],
        },
      ],
      'post',
    );
    // the customer first (as the invoice's prerequisite), then archived in Xero by a user
    await acceptRecords(w, pair, 'customers', 'customer', [{ _id: customer } as never]);
    await drainUntilQuiet(w, pair, ['customers']);
    const contact = (await xeroList(w, pair, 'Contacts', 'Contacts')).find((c) => c.ContactNumber === customer)!;
    await contactStatus(String(contact.ContactID), 'ARCHIVED');

    await acceptRecords(w, pair, 'invoices', 'invoice', [invoice]);
    await drainUntilQuiet(w, pair, FLOWS);
    const refused = await changes(invoice._id);
    expect(refused.map((c) => c.state)).not.toContain('done');
    expect(JSON.stringify(refused)).toMatch(/archived/);
    expect(await xeroInvoicesNumbered(invoice._id)).toEqual([]);

    const first = await reconcile();
    const missing = first.differences.filter((d) => d.entity === 'invoice');
    expect(missing.map((d) => [d.matchKey, d.differenceClass, d.fix.action, d.fix.target])).toEqual([
      [invoice._id, 'missingInXero', 'resend-x3', invoice._id],
    ]);
    expect(missing[0].x3[0]).toMatchObject({ total: '92.00', currency: 'NZD' });

    const recon = reconciliationsFor(w.h.tx, w.jobs);
    const approve = (runId: string, differenceId: string) =>
      recon.decide(pair.tenantId, { integrationId: pair.integrationId, runId, differenceId }, 'approve', null);
    // approved while Xero still refuses: the re-send is refused again; nothing in Xero, nothing lost
    expect((await approve(first.done.id, missing[0].id)).state).toBe('applied');
    await drainUntilQuiet(w, pair, FLOWS);
    expect(await xeroInvoicesNumbered(invoice._id)).toEqual([]);
    const again = await reconcile();
    const stillMissing = again.differences.filter((d) => d.entity === 'invoice');
    expect(stillMissing.map((d) => [d.matchKey, d.differenceClass])).toEqual([[invoice._id, 'missingInXero']]);

    // the contact restored in Xero; the next run's fix approved: written once, the run after clean
    await contactStatus(String(contact.ContactID), 'ACTIVE');
    expect((await approve(again.done.id, stillMissing[0].id)).state).toBe('applied');
    await drainUntilQuiet(w, pair, FLOWS);
    const written = await xeroInvoicesNumbered(invoice._id);
    expect(written.map((i) => [i.Status, i.Total])).toEqual([['AUTHORISED', 92]]);
    expect((await changes(invoice._id)).pop()).toMatchObject({ state: 'done', action: 'created' });
    const clean = await reconcile();
    expect([clean.done.state, clean.differences]).toEqual(['done', []]);
  });
});
