// Deletions in X3 under `deletions: 'void-with-approval'` (sandboxes, PostgreSQL, Redis): held for
// an accountant with the proposal and no Xero call; once approved, an authorised invoice is voided
// and a customer archived, but never a paid or a lock-dated invoice, whatever was approved.
import { AuditTrail } from '#lb/accounts';
import { X3Record } from '#lb/connectors/sage-x3';
import { FlowVersions } from '../flows/flow-versions.service';
import { LANES } from '../pending/lanes';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { NewPendingChange, PendingChanges } from '../pending/pending-changes.service';
import { DeadLetters } from '../operations/dead-letters.service';
import { RecentAuthRequiredError } from '../operations/operation-errors';
import { newCustomers } from './testing/credit-documents';
import {
  callsOf,
  control,
  DrainWorld,
  drainUntilQuiet,
  flowDocument,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
  x3Records,
  xeroList,
} from './testing/drain-world';
import { acceptRecords } from './testing/x3-documents';
import { PaymentWorld, totalOf } from './testing/payment-world';

jest.setTimeout(300_000);

const pending = new PendingChanges();
const by = (recentAuth: boolean) => ({
  actor: { kind: 'system' as const, id: 'test' },
  origin: { ip: '127.0.0.1', userAgent: 'test' },
  recentAuth,
});

describe('deletions voided in Xero once approved (void-with-approval)', () => {
  let w: DrainWorld;
  let p: PaymentWorld;
  let letters: DeadLetters;
  beforeAll(async () => {
    w = await startDrainWorld();
    p = new PaymentWorld(w);
    letters = new DeadLetters(w.h.tx, new AuditTrail(), w.jobs);
  });
  afterAll(() => stopDrainWorld(w));

  /** A pair whose invoices and customers flows void deletions once approved. */
  async function voidingPair(): Promise<Pair> {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    for (const [entity, flowKey] of [
      ['customer', 'customers'],
      ['invoice', 'invoices'],
    ] as const) {
      const doc = { ...flowDocument(entity), options: { deletions: 'void-with-approval' } };
      await new FlowVersions(w.h.tx).save(pair.tenantId, pair.integrationId, flowKey, doc, {
        authorUserId: null,
      });
    }
    return pair;
  }

  const deleted = (pair: Pair, flowKey: string, entity: NewPendingChange['entity'], key: string) =>
    w.h.tx.run(pair.tenantId, (m) =>
      pending.accept(m, pair.tenantId, [
        {
          integrationId: pair.integrationId,
          flowKey,
          entity,
          direction: 'x3-to-xero',
          sourceKey: key,
          lane: LANES.polling,
          source: { _deleted: true, _id: key },
        },
      ]),
    );
  const row = (pair: Pair, flowKey: string, key: string) =>
    w.h.tx.run(pair.tenantId, (m) =>
      m.findOne(SyncPendingChange, { where: { flowKey, sourceKey: key }, order: { updatedAt: 'DESC' } }),
    );
  const xeroStatus = async (pair: Pair, invoice: X3Record) => (await p.xeroDocument(pair, invoice._id))?.Status;

  it('holds each deletion with the proposal and no call; once approved voids the invoice and archives the customer, never a paid or locked invoice', async () => {
    const pair = await voidingPair();
    const [plain, paid, locked] = await p.newInvoices(3);
    await p.inXero(pair, 'invoices', [plain, paid, locked]);
    // a customer in Xero with no documents there
    const [loner] = await newCustomers(w, 1);
    await acceptRecords(
      w,
      pair,
      'customers',
      'customer',
      (await x3Records(w, 'customer')).filter((c) => c._id === loner),
    );
    await drainUntilQuiet(w, pair, ['customers']);
    const paidXero = await p.xeroDocument(pair, paid._id);
    const payment = await p.xeroWrite(pair, 'PUT', 'Payments', {
      Payments: [
        {
          Invoice: { InvoiceID: paidXero.InvoiceID },
          Account: { Code: '090' },
          Date: new Date().toISOString().slice(0, 10),
          Amount: Number(totalOf(paid)),
        },
      ],
    });
    expect(payment.status).toBe(200);

    for (const invoice of [plain, paid, locked]) await deleted(pair, 'invoices', 'invoice', invoice._id);
    await deleted(pair, 'customers', 'customer', loner);
    const calls = await callsOf(w, pair);
    await drainUntilQuiet(w, pair, ['invoices', 'customers']);
    expect(await callsOf(w, pair)).toBe(calls);
    const proposals: Record<string, string> = {};
    for (const [flowKey, key] of [
      ['invoices', plain._id],
      ['invoices', paid._id],
      ['invoices', locked._id],
      ['customers', loner],
    ]) {
      const held = await row(pair, flowKey, key);
      expect([held?.state, held?.outcome?.action, held?.outcome?.proposal]).toEqual([
        'held',
        'void-proposed',
        expect.stringContaining('Approve to'),
      ]);
      proposals[key] = held!.id;
    }
    expect(await xeroStatus(pair, plain)).toBe('AUTHORISED');
    expect((await letters.held(pair.tenantId, pair.integrationId, {})).length).toBe(4);

    // approval needs a fresh sign-in, and another tenant's held id is not found
    await expect(
      letters.approve(pair.tenantId, pair.integrationId, proposals[plain._id], by(false)),
    ).rejects.toBeInstanceOf(RecentAuthRequiredError);
    const other = await voidingPair();
    await expect(letters.approve(other.tenantId, other.integrationId, proposals[plain._id], by(true))).rejects.toThrow(
      'No such held change',
    );
    for (const key of [plain._id, loner])
      await letters.approve(pair.tenantId, pair.integrationId, proposals[key], by(true));
    await drainUntilQuiet(w, pair, ['invoices', 'customers']);
    expect(await xeroStatus(pair, plain)).toBe('VOIDED');
    const voided = await row(pair, 'invoices', plain._id);
    expect([voided?.state, voided?.outcome?.action]).toEqual(['done', 'voided']);
    // (an archived contact is left out of Xero's contact list: read by its id)
    const archived = await row(pair, 'customers', loner);
    expect([archived?.state, archived?.outcome?.action]).toEqual(['done', 'archived']);
    const [contact] = await xeroList(w, pair, `Contacts/${archived!.outcome!.targetId}`, 'Contacts');
    expect(contact.ContactStatus).toBe('ARCHIVED');

    // the invoices' period is locked since they were proposed; approval forces neither it nor the paid one
    const dateString = (await p.xeroDocument(pair, locked._id)).DateString;
    const date = typeof dateString === 'string' ? dateString.slice(0, 10) : '';
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await control(w.sb.url, pair.org, 'POST', '/lock-dates', { periodLockDate: date })).status).toBeLessThan(
      300,
    );
    for (const key of [paid._id, locked._id])
      await letters.approve(pair.tenantId, pair.integrationId, proposals[key], by(true));
    await drainUntilQuiet(w, pair, ['invoices']);
    const paidRow = await row(pair, 'invoices', paid._id);
    expect([paidRow?.state, paidRow?.outcome?.messages?.join(' ')]).toEqual([
      'held',
      expect.stringContaining('payments'),
    ]);
    const lockedRow = await row(pair, 'invoices', locked._id);
    expect([lockedRow?.state, lockedRow?.outcome?.messages?.join(' ')]).toEqual([
      'held',
      expect.stringMatching(/lock date/i),
    ]);
    expect([await xeroStatus(pair, paid), await xeroStatus(pair, locked)]).toEqual(['PAID', 'AUTHORISED']);
    // held again with the reason, it is no longer a proposal: it cannot be approved twice
    await expect(letters.approve(pair.tenantId, pair.integrationId, proposals[paid._id], by(true))).rejects.toThrow(
      'Only a deletion held for approval',
    );
  });

  it('under the default (flag) a deletion is listed as flagged and never proposed for voiding', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
    const [invoice] = await p.newInvoices(1);
    await p.inXero(pair, 'invoices', [invoice]);
    await deleted(pair, 'invoices', 'invoice', invoice._id);
    await drainUntilQuiet(w, pair, ['invoices']);
    const r = await row(pair, 'invoices', invoice._id);
    expect([r?.state, r?.outcome?.action]).toEqual(['done', 'flagged']);
    expect(await xeroStatus(pair, invoice)).toBe('AUTHORISED');
    expect(await letters.held(pair.tenantId, pair.integrationId, {})).toEqual([]);
  });
});
