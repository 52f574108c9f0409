// "Unmapped" on a live flow, on the real sandboxes: an X3 invoice whose tax code the pair's
// mapping has no entry for waits in the drain, yet its X3 copy is kept, so a run finds it missing in
// Xero because it is unmapped (fix: add the entry), not as a plain resend. The admin approves the
// fix with the entry's value: it is added as a new mapping version (audited as theirs), the waiting
// change goes on, the invoice reaches Xero, and the next run is clean. A value missing or of the
// wrong fields is refused and changes nothing.
import { AuditTrail } from '#lb/accounts';
import { checkMappingDocument, MappingDocument, MappingVersions, starterTemplate } from '#lb/mapping';
import { FixInputError } from '../fixes/apply-fix';
import {
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
} from '../../../sync/src/drain/testing/drain-world';
import { newCustomers } from '../../../sync/src/drain/testing/credit-documents';
import { acceptRecords, createX3Documents } from '../../../sync/src/drain/testing/x3-documents';
import { reconcilePair, reconciliationsFor } from './testing/reconcile-pair';

jest.setTimeout(300_000);

const FLOWS = ['customers', 'products', 'invoices'];

/** The starter invoice mapping without its zero-rated (NZZ) tax entry: an accountant has not added it yet. */
function withoutZeroRated(entity: Parameters<typeof starterTemplate>[1]): MappingDocument {
  const doc = starterTemplate('NZ', entity);
  if (entity !== 'invoice') return doc;
  return {
    ...doc,
    lookups: doc.lookups.map((t) =>
      t.kind === 'tax-type' ? { ...t, entries: t.entries.filter((e) => !e.key.includes('NZZ')) } : t,
    ),
  };
}

describe('reconciliation: a record waiting for a mapping entry on a live flow is unmapped', () => {
  let w: DrainWorld;
  let pair: Pair;

  beforeAll(async () => {
    w = await startDrainWorld();
    pair = await pairWithFlows(w, ['customer', 'product', 'invoice'], withoutZeroRated);
  });
  afterAll(() => stopDrainWorld(w));

  const reconcile = () => reconcilePair(w.h.tx, pair, '2027-01-31');
  const changeOf = async (key: string) =>
    (
      await w.h.tx.run(pair.tenantId, (m) =>
        m.query<Array<{ state: string; waiting_on: string | null }>>(
          `SELECT state, waiting_on FROM sync_pending_changes WHERE integration_id = $1 AND source_key = $2`,
          [pair.integrationId, key],
        ),
      )
    )[0];

  it('keeps the waiting invoice’s X3 copy; the run says unmapped; the entry added, it is written and the next run is clean', async () => {
    const [customer] = await newCustomers(w, 1);
    const doc = (taxCode: string) => ({
      invoiceType: 'invoice',
      salesSite: 'NZ011',
      billToCustomer: customer,
      priceBasis: 'excludingTax',
      accountingDate: '2027-01-12',
      lines: [{ product: 'NZFOOD01', quantityInSalesUnitInvoiced: '1', grossPrice: '80.00', taxCode }],
    });
    const [standard, zeroRated] = await createX3Documents(w, 'salesInvoice', [doc('NZS'), doc('NZZ')], 'post');
    await acceptRecords(w, pair, 'invoices', 'invoice', [standard, zeroRated]);
    await drainUntilQuiet(w, pair, FLOWS);
    expect((await changeOf(standard._id)).state).toBe('done');
    const waiting = await changeOf(zeroRated._id);
    expect(waiting.state).toBe('waiting');
    expect(waiting.waiting_on).toMatch(/^mapping:sales-tax-type:.*NZZ$/);

    const first = await reconcile();
    expect(first.done.state).toBe('done');
    expect(first.differences.map((d) => [d.entity, d.matchKey, d.differenceClass, d.fix.action])).toEqual([
      ['invoice', zeroRated._id, 'unmapped', 'add-mapping'],
    ]);
    const [unmapped] = first.differences;
    expect(unmapped.likelyCause).toMatch(/sales-tax-type has no entry for .*NZZ/);
    expect(unmapped.x3[0]).toMatchObject({ total: '80.00', currency: 'NZD', status: expect.any(String) });
    expect(unmapped.xero).toEqual([]);

    expect(unmapped.fix.entry).toEqual({
      entity: 'invoice',
      direction: 'x3-to-xero',
      table: 'sales-tax-type',
      key: ['', 'NZZ'], // the invoice line has no tax rule
      valueFields: ['taxType'],
    });

    // approved by the admin with the entry's value: a new mapping version, which releases the wait
    const versions = new MappingVersions(w.h.tx, new AuditTrail(), checkMappingDocument);
    const recon = reconciliationsFor(w.h.tx, w.jobs);
    const ids = { integrationId: pair.integrationId, runId: first.done.id, differenceId: unmapped.id };
    const mappingKey = {
      integrationId: pair.integrationId,
      entity: 'invoice' as const,
      direction: 'x3-to-xero' as const,
    };
    const before = (await versions.get(pair.tenantId, mappingKey)).version;
    // no value, or the wrong fields: refused, nothing changed
    await expect(recon.decide(pair.tenantId, ids, 'approve', null)).rejects.toThrow(/needs the entry's value: taxType/);
    await expect(
      recon.decide(pair.tenantId, ids, 'approve', null, { value: { accountCode: '200' } }),
    ).rejects.toBeInstanceOf(FixInputError);
    await expect(recon.decide(pair.tenantId, ids, 'approve', null, { value: { taxType: '  ' } })).rejects.toThrow(
      /taxType must be text/,
    );
    expect((await versions.get(pair.tenantId, mappingKey)).version).toBe(before);
    expect((await changeOf(zeroRated._id)).state).toBe('waiting');

    const decided = await recon.decide(pair.tenantId, ids, 'approve', null, { value: { taxType: ' ZERORATED ' } });
    expect(decided.state).toBe('applied');
    const after = await versions.get(pair.tenantId, mappingKey);
    expect(after.version).toBe(before + 1);
    expect(after.comment).toMatch(/^sales-tax-type: .* \/ NZZ → ZERORATED \(reconciliation fix\)$/);
    const taxTable = (after.document as unknown as MappingDocument).lookups.find((t) => t.name === 'sales-tax-type')!;
    expect(taxTable.entries).toContainEqual({ key: ['*', 'NZZ'], value: { taxType: 'ZERORATED' } });
    expect((await changeOf(zeroRated._id)).state).toBe('pending');
    await drainUntilQuiet(w, pair, FLOWS);
    expect((await changeOf(zeroRated._id)).state).toBe('done');
    const second = await reconcile();
    expect([second.done.state, second.differences]).toEqual(['done', []]);
    expect(second.done.counts.compared).toBeGreaterThanOrEqual(3); // the customer and both invoices
  });
});
