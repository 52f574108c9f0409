// The xero-to-x3 dry run of supplier credit notes on the AU sandbox pair: Xero ACCPAYCREDIT credit
// notes mapped with the starter template and matched to X3 supplier credit memos as the
// xero-credit-notes flow finds them (same supplier and supplier document number, else the memo's
// own NUM; an invoice of the same number is not it), writing nothing on either side.
import { X3EntityName, X3Record } from '#lb/connectors/sage-x3';
import { purchaseInvoiceEntityOf, REGION_FACTS, starterTemplate } from '#lb/mapping';
import { control as xeroControl, uniq } from '../../sandbox/src/xero/testing/sandbox-harness';
import { usePairWorld } from './mapping-pair-world';
import { change, XeroWorld } from './xero-world';

type Json = Record<string, unknown>;

const LIMIT = 50;

describe('xero-to-x3 dry run of supplier credit notes on the AU sandbox pair', () => {
  const {
    world: worldOf,
    x3List,
    x3Transport,
    bothSides,
    pairFor,
  } = usePairWorld(['supplier', 'purchaseInvoice'] as X3EntityName[]);
  let world: XeroWorld;
  beforeAll(() => {
    world = worldOf();
  });

  /** An AU10 supplier document made through X3's API and validated, as X3 holds it. */
  async function x3Document(supplier: string, invoiceType: 'invoice' | 'creditMemo', number: string) {
    const x3 = x3Transport([REGION_FACTS.AU.x3Company]);
    try {
      const created = await x3.create('purchaseInvoice', {
        invoiceType,
        site: REGION_FACTS.AU.x3Site,
        billBySupplier: supplier,
        supplierDocumentNumber: number,
        lines: [{ product: 'DIS001', quantityInPurchaseUnitInvoiced: '1', netPrice: '50.00', taxCode: 'AUG' }],
      });
      await x3.runAction('purchaseInvoice', 'validate', created._id);
      return x3.get('purchaseInvoice', created._id);
    } finally {
      x3.close();
    }
  }

  it('AU: ACCPAYCREDIT credit notes are matched to X3 credit memos by supplier and document number, or by the memo NUM they carry; one numbered as an invoice, or of a supplier X3 lacks, is new', async () => {
    const { admin, base, xeroRead, org } = await pairFor('AU');
    const saved = await change(world, admin, 'POST', `${base}/creditNote/xero-to-x3/versions`, {
      document: starterTemplate('AU', 'creditNote', 'xero-to-x3'),
    });
    expect(saved.status).toBe(201);

    const [bill] = (await x3List('purchaseInvoice', [REGION_FACTS.AU.x3Company])).filter(
      (r) => purchaseInvoiceEntityOf(r) === 'bill',
    );
    const supplier =
      typeof bill.billBySupplier === 'string' ? bill.billBySupplier : String((bill.billBySupplier as Json)._id);
    const memoNumber = uniq('SCN');
    const invoiceNumber = uniq('INV');
    const memo: X3Record = await x3Document(supplier, 'creditMemo', memoNumber);
    await x3Document(supplier, 'invoice', invoiceNumber);
    expect(memo.invoiceType).toBe('creditMemo');

    const today = new Date().toISOString().slice(0, 10);
    const keyNote = async (contactNumber: string, number: string) => {
      const made = await xeroControl(world.sandbox, org, 'POST', '/edits/credit-notes', {
        Type: 'ACCPAYCREDIT',
        Contact: { ContactNumber: contactNumber },
        CreditNoteNumber: number,
        Date: today,
        Status: 'AUTHORISED',
        LineAmountTypes: 'Exclusive',
        LineItems: [
          { Description: 'Keyed by hand', Quantity: 1, UnitAmount: 50, AccountCode: '310', TaxType: 'INPUT' },
        ],
      });
      expect(made.status).toBeLessThan(300);
      return String((made.body as Json).CreditNoteID);
    };
    const bySupplierNumber = await keyNote(supplier, memoNumber);
    const byMemoNum = await keyNote(supplier, memo._id);
    const numberedAsInvoice = await keyNote(supplier, invoiceNumber);
    const newSupplier = await keyNote(`NS${Date.now().toString(36).toUpperCase().slice(-8)}`, uniq('SCN'));
    const listed = JSON.parse(
      (await xeroRead('GET', `/CreditNotes?where=${encodeURIComponent('Type=="ACCPAYCREDIT"')}`)).text,
    ) as { CreditNotes: Json[] };
    const live = listed.CreditNotes.filter((c) => c.Status !== 'DELETED' && c.Status !== 'VOIDED').slice(0, LIMIT);

    const before = await bothSides(xeroRead);
    const run = await change(world, admin, 'POST', `${base}/creditNote/xero-to-x3/dry-run`, { limit: LIMIT });
    expect(run.status === 200 ? 'ok' : run.body).toBe('ok');
    const records = run.body.records as Json[];
    expect(records.map((r) => r.sourceKey)).toEqual(live.map((c) => c.CreditNoteID));
    const answer = (id: string) => records.find((r) => r.sourceKey === id);
    for (const id of [bySupplierNumber, byMemoNum]) {
      expect(answer(id)).toMatchObject({ action: expect.stringMatching(/^(update|skip)$/), targetId: memo._id });
    }
    expect(answer(numberedAsInvoice)).toMatchObject({
      action: 'create',
      payload: expect.objectContaining({ invoiceType: 'creditMemo', supplierDocumentNumber: invoiceNumber }),
    });
    expect(answer(newSupplier)).toMatchObject({ action: 'create' });
    // the note keyed under the memo's NUM would set X3's supplier document number to it
    const numberChange = ((answer(byMemoNum)?.changes as Json[] | undefined) ?? []).filter(
      (c) => c.path === 'supplierDocumentNumber',
    );
    expect(numberChange).toEqual([expect.objectContaining({ before: memoNumber, after: memo._id })]);
    expect(await bothSides(xeroRead)).toEqual(before);
  });
});
