// Anomaly detection in the drain, on the sandboxes over HTTP: a planted duplicate bill is held
// before writing (Xero never sees it) until approved, then written once; a rejected one is never
// written; an amount far outside the supplier's history is written and flagged, and once marked
// expected the same case is not flagged again.
import { AuditTrail } from '#lb/accounts';
import { X3Record } from '#lb/connectors/sage-x3';
import { SyncPendingChange } from '../pending/pending-change.entity';
import {
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
} from '../drain/testing/drain-world';
import { acceptRecords, billsIn, newBills, newSuppliers } from '../drain/testing/x3-documents';
import { AnomalyDecisionRefusedError, AnomalyFindingNotFoundError, AnomalyInbox } from './anomaly-inbox.service';
import { SyncAnomalyFinding } from './anomaly.entities';

jest.setTimeout(300_000);

const FLOWS = ['bills', 'suppliers', 'products'];
const by = { actor: { kind: 'system' as const, id: 'test' }, origin: {} };
const line = (net: string) => [
  { product: 'DIS010', quantityInPurchaseUnitInvoiced: '1', netPrice: net, taxCode: 'NZS' },
];

describe('anomaly detection in the drain (bills), on the sandboxes', () => {
  let w: DrainWorld;
  let inbox: AnomalyInbox;
  beforeAll(async () => {
    w = await startDrainWorld();
    inbox = new AnomalyInbox(w.h.tx, new AuditTrail(), w.jobs);
  });
  afterAll(() => stopDrainWorld(w));

  const billRow = (pair: Pair, key: string) =>
    w.h.tx.run(pair.tenantId, (m) =>
      m.findOneOrFail(SyncPendingChange, { where: { flowKey: 'bills', sourceKey: key } }),
    );
  const findings = (pair: Pair) =>
    w.h.tx.run(pair.tenantId, (m) => m.find(SyncAnomalyFinding, { order: { createdAt: 'ASC' } }));
  const land = async (pair: Pair, bills: X3Record[]) => {
    await acceptRecords(w, pair, 'bills', 'bill', bills);
    await drainUntilQuiet(w, pair, FLOWS);
  };

  it('holds a likely duplicate before writing; approved it is written once, a rejected one never', async () => {
    const pair = await pairWithFlows(w, ['supplier', 'product', 'bill']);
    const [acme] = await newSuppliers(w, ['NZD']);
    const [a, b, third] = await newBills(w, [
      { billBySupplier: acme, supplierDocumentNumber: 'PO 4471', lines: line('1087.00') },
      { billBySupplier: acme, supplierDocumentNumber: 'PO4471', lines: line('1087.00') },
      { billBySupplier: acme, supplierDocumentNumber: 'po-4471', lines: line('1087.00') },
    ]);
    const refOf = (bill: X3Record) => (bill === a ? 'PO 4471' : 'PO4471');
    // the bill and its twin in one batch: whichever comes second is held, only the other reaches Xero
    await land(pair, [a, b]);
    const states = [await billRow(pair, a._id), await billRow(pair, b._id)];
    expect(states.map((r) => r.state).sort()).toEqual(['done', 'held']);
    const [first, again] = states[0].state === 'done' ? [a, b] : [b, a];
    const held = await billRow(pair, again._id);
    expect([held.state, held.outcome?.action]).toEqual(['held', 'duplicate-held']);
    expect((await billsIn(w, pair, [first, again])).map((x) => x.Reference)).toEqual([first._id]);
    const [finding] = await findings(pair);
    expect([finding.kind, finding.status, finding.subject]).toEqual(['duplicate', 'held', again._id]);
    expect(finding.explanation).toMatch(
      new RegExp(
        `^same supplier ${acme}, same amount 1,250\\.05 and date \\d{4}-\\d\\d-\\d\\d as ${first._id} \\(reference '${refOf(again)}' vs '${refOf(first)}'\\)$`,
      ),
    );

    // another tenant cannot see or decide it
    const other = await pairWithFlows(w, ['supplier']);
    await expect(inbox.approve(other.tenantId, finding.id, by)).rejects.toThrow(AnomalyFindingNotFoundError);
    expect(await inbox.list(other.tenantId, {})).toEqual([]);

    const approved = await inbox.approve(pair.tenantId, finding.id, by);
    expect([approved.status, approved.resolution]).toEqual(['resolved', 'approved']);
    await expect(inbox.approve(pair.tenantId, finding.id, by)).rejects.toThrow(AnomalyDecisionRefusedError);
    await drainUntilQuiet(w, pair, FLOWS);
    expect([(await billRow(pair, again._id)).state, (await billRow(pair, again._id)).outcome?.action]).toEqual([
      'done',
      'created',
    ]);
    expect((await billsIn(w, pair, [first, again])).map((b) => String(b.Reference)).sort()).toEqual(
      [first._id, again._id].sort(),
    );

    // a third copy, after both were written: held, rejected, skipped — never in Xero
    await land(pair, [third]);
    expect((await billRow(pair, third._id)).state).toBe('held');
    const thirdFinding = (await findings(pair)).find((f) => f.subject === third._id)!;
    await inbox.reject(pair.tenantId, thirdFinding.id, by);
    const rejected = await billRow(pair, third._id);
    expect([rejected.state, rejected.outcome?.action]).toEqual(['done', 'skipped']);
    await drainUntilQuiet(w, pair, FLOWS);
    expect(await billsIn(w, pair, [third])).toEqual([]);
    expect((await billsIn(w, pair, [first, again])).length).toBe(2); // each written once
  });

  it('writes an amount far outside the supplier’s history and flags it; marked expected, the same case is not flagged again', async () => {
    const pair = await pairWithFlows(w, ['supplier', 'product', 'bill']);
    const [acme] = await newSuppliers(w, ['NZD']);
    const usual = await newBills(
      w,
      Array.from({ length: 20 }, (_, i) => ({
        billBySupplier: acme,
        supplierDocumentNumber: `${acme}-${i}`,
        lines: line((100 + 7 * i).toFixed(2)),
      })),
    );
    await land(pair, usual);
    expect(await findings(pair)).toEqual([]);
    const [big, bigAgain] = await newBills(w, [
      { billBySupplier: acme, supplierDocumentNumber: `${acme}-BIG1`, lines: line('50000.00') },
      { billBySupplier: acme, supplierDocumentNumber: `${acme}-BIG2`, lines: line('50000.00') },
    ]);
    await land(pair, [big]);
    expect([(await billRow(pair, big._id)).state, (await billRow(pair, big._id)).outcome?.action]).toEqual([
      'done',
      'created',
    ]);
    expect((await billsIn(w, pair, [big])).length).toBe(1); // written
    const [flag] = await findings(pair);
    expect([flag.kind, flag.status, flag.subject]).toEqual(['outlier', 'open', big._id]);
    expect(flag.explanation).toMatch(new RegExp(`^57,500\\.00 NZD is \\d+\\.\\d× above supplier ${acme}'s typical`));
    const open = await inbox.list(pair.tenantId, { status: 'open', kind: 'outlier' });
    expect(open.map((f) => f.id)).toEqual([flag.id]);

    const expected = await inbox.expect(pair.tenantId, flag.id, by);
    expect(expected.status).toBe('expected');
    await land(pair, [bigAgain]);
    expect((await billRow(pair, bigAgain._id)).state).toBe('done');
    expect((await findings(pair)).map((f) => f.subject)).toEqual([big._id]); // not flagged again
  });
});
