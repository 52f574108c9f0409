import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import type { Invoice } from '#lb/mapping';
import { eventually, runtimeDataSource } from '#lb/testing';
import { TenantWithIntegration, tenantWithIntegration } from '../testing/integration-fixture';
import { SyncLedgerCopy } from './ledger-copy.entity';
import { CrossReferences } from '../cross-references/cross-references.service';
import { copyOfCanonical, copyOfXeroRow, recordLedgerCopies, recordWrittenFromXero } from './ledger-copies';

const invoice = (key: string, total: string, status: Invoice['status'] = 'authorised'): Invoice => ({
  entity: 'invoice',
  key,
  partyKey: 'C001',
  date: '2026-11-30',
  currency: 'EUR',
  priceBasis: 'exclusive',
  status,
  lines: [],
  totals: { subTotal: total, totalTax: '0', total },
});

describe('ledger copies on PostgreSQL', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  let t: TenantWithIntegration;

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());
  beforeEach(async () => {
    t = await tenantWithIntegration(tx);
  });

  const rows = (tenantId = t.tenantId) =>
    tx.run(tenantId, (m) => m.find(SyncLedgerCopy, { order: { side: 'ASC', recordKey: 'ASC' } }));

  it('upserts both sides in one statement each, the latest read winning', async () => {
    await tx.run(t.tenantId, (m) =>
      recordLedgerCopies(m, t.tenantId, t.integrationId, [
        copyOfCanonical('x3', invoice('FAC001', '100.00')),
        copyOfCanonical('x3', invoice('FAC002', '50.00')),
        null,
      ]),
    );
    const xero = {
      invoiceID: 'AAAAAAAA-0000-4000-8000-000000000001',
      invoiceNumber: 'FAC001',
      contact: { contactNumber: 'C001', name: 'Acme' },
      date: '/Date(1796083200000+0000)/',
      currencyCode: 'EUR',
      total: 100,
      amountDue: 40,
      status: 'AUTHORISED',
    };
    await tx.run(t.tenantId, (m) =>
      recordLedgerCopies(m, t.tenantId, t.integrationId, [
        copyOfXeroRow('invoice', xero),
        copyOfXeroRow('invoice', { ...xero, amountDue: 0, status: 'PAID' }),
      ]),
    );
    await tx.run(t.tenantId, (m) =>
      recordLedgerCopies(m, t.tenantId, t.integrationId, [copyOfCanonical('x3', invoice('FAC002', '55.00', 'paid'))]),
    );
    const got = await rows();
    expect(got.map((r) => [r.side, r.matchKey, r.total, r.amountDue, r.status])).toEqual([
      ['x3', 'FAC001', '100.00', '100.00', 'authorised'],
      ['x3', 'FAC002', '55.00', '0', 'paid'],
      ['xero', 'FAC001', '100', '0', 'paid'],
    ]);
    expect(got[2]).toMatchObject({
      recordKey: 'aaaaaaaa-0000-4000-8000-000000000001',
      counterparty: 'C001',
      currency: 'EUR',
    });
    expect(got[2].documentDate).toBe('2026-12-01');
  });

  it('a contact written into X3 from Xero is matched on its X3 code on both sides, re-reads included', async () => {
    const contact = {
      contactID: 'BBBBBBBB-0000-4000-8000-000000000001',
      contactNumber: 'C-1001',
      name: 'Ridgeway University',
      contactStatus: 'ACTIVE',
    };
    const polled = () =>
      tx.run(t.tenantId, (m) =>
        recordLedgerCopies(m, t.tenantId, t.integrationId, [copyOfXeroRow('customer', contact)]),
      );
    await polled();
    await tx.run(t.tenantId, async (m) => {
      // as the xero→x3 drain settles the write: the link, then both copies
      await new CrossReferences().record(m, t.tenantId, {
        integrationId: t.integrationId,
        entity: 'customer',
        x3Key: 'C_1001',
        xeroId: contact.contactID.toLowerCase(),
        contentHash: 'h',
        kind: 'write',
      });
      await recordWrittenFromXero(m, t.tenantId, t.integrationId, 'customer', 'C_1001', contact);
    });
    // a later poll reads the contact again under its number: the link keeps the shared key
    await polled();
    expect((await rows()).map((r) => [r.side, r.recordKey, r.matchKey, r.status])).toEqual([
      ['x3', 'C_1001', 'C_1001', 'active'],
      ['xero', 'bbbbbbbb-0000-4000-8000-000000000001', 'C_1001', 'active'],
    ]);
  });

  it('a poll page upserted while the drain links the contact (its statement waiting on the copy) keeps the X3 key', async () => {
    const contact = {
      contactID: 'BBBBBBBB-0000-4000-8000-000000000002',
      contactNumber: 'C-1002',
      name: 'Bayside Club',
      contactStatus: 'ACTIVE',
    };
    const polled = () =>
      tx.run(t.tenantId, (m) =>
        recordLedgerCopies(m, t.tenantId, t.integrationId, [copyOfXeroRow('customer', contact)]),
      );
    await polled();
    // the drain settles the write (link, both copies) and its transaction is still open...
    let commit!: () => void;
    let wrote!: () => void;
    const written = new Promise<void>((r) => (wrote = r));
    const drain = tx.run(t.tenantId, async (m) => {
      await new CrossReferences().record(m, t.tenantId, {
        integrationId: t.integrationId,
        entity: 'customer',
        x3Key: 'C_1002',
        xeroId: contact.contactID.toLowerCase(),
        contentHash: 'h',
        kind: 'write',
      });
      await recordWrittenFromXero(m, t.tenantId, t.integrationId, 'customer', 'C_1002', contact);
      wrote();
      await new Promise<void>((r) => (commit = r));
    });
    await written;
    // ...when a poll re-reading the contact (the cursor's overlap) upserts it: its statement began
    // before the link was committed, and waits on the row the drain holds
    const poll = polled();
    await eventually('the poll waiting on the drain', async () => {
      const [{ waiting }] = await ds.query<Array<{ waiting: number }>>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO recon_documents%'`,
      );
      return waiting > 0 || undefined;
    });
    commit();
    await drain;
    await poll;
    expect((await rows()).map((r) => [r.side, r.recordKey, r.matchKey])).toEqual([
      ['x3', 'C_1002', 'C_1002'],
      ['xero', 'bbbbbbbb-0000-4000-8000-000000000002', 'C_1002'],
    ]);
  });

  it('keeps each tenant to its own copies (RLS)', async () => {
    await tx.run(t.tenantId, (m) =>
      recordLedgerCopies(m, t.tenantId, t.integrationId, [copyOfCanonical('x3', invoice('FAC001', '1.00'))]),
    );
    const other = await tenantWithIntegration(tx);
    expect(await rows(other.tenantId)).toEqual([]);
    // writing into another tenant's integration from this tenant's context is refused
    await expect(
      tx.run(other.tenantId, (m) =>
        recordLedgerCopies(m, t.tenantId, t.integrationId, [copyOfCanonical('x3', invoice('X', '1.00'))]),
      ),
    ).rejects.toThrow();
  });
});
