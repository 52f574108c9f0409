import type { EntityManager } from 'typeorm';
import type { TenantTransactions } from '#lb/database';
import { BatchWriter, MAX_BATCH } from './batch-writer';

/** A tenant transaction whose manager keeps what was saved (prepare only creates and saves). */
function fakeTx(saved: Array<{ recordCount: number; payload: Record<string, unknown[]> }>): TenantTransactions {
  let n = 0;
  const m = {
    create: (_: unknown, row: Record<string, unknown>) => row,
    save: (row: { recordCount: number; payload: Record<string, unknown[]> }) => {
      saved.push(row);
      return Promise.resolve({ ...row, id: `b${++n}` });
    },
  } as unknown as EntityManager;
  return { run: (_tenant: string, work: (m: EntityManager) => unknown) => work(m) } as unknown as TenantTransactions;
}

const invoices = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'ACCREC', invoiceNumber: `I-${i}` }));

describe('BatchWriter batch size (XERO_BATCH_SIZE)', () => {
  it('prepares records as batches of the configured size, in order', async () => {
    const saved: Array<{ recordCount: number; payload: Record<string, unknown[]> }> = [];
    const ids = await new BatchWriter(fakeTx(saved), 20).prepareAll('t', 'c', 'invoices', 'create', invoices(45));
    expect(ids).toEqual(['b1', 'b2', 'b3']);
    expect(saved.map((b) => b.recordCount)).toEqual([20, 20, 5]);
    expect((saved[2].payload.invoices[0] as { invoiceNumber: string }).invoiceNumber).toBe('I-40');
  });

  it('fills to Xero’s 50 by default, and to one record a batch when set to 1', async () => {
    const full: Array<{ recordCount: number; payload: Record<string, unknown[]> }> = [];
    await new BatchWriter(fakeTx(full)).prepareAll('t', 'c', 'invoices', 'create', invoices(120));
    expect(full.map((b) => b.recordCount)).toEqual([MAX_BATCH, MAX_BATCH, 20]);
    const single: Array<{ recordCount: number; payload: Record<string, unknown[]> }> = [];
    await new BatchWriter(fakeTx(single), 1).prepareAll('t', 'c', 'invoices', 'create', invoices(3));
    expect(single.map((b) => b.recordCount)).toEqual([1, 1, 1]);
  });

  it('refuses a size outside 1..50', () => {
    expect(() => new BatchWriter(fakeTx([]), 0)).toThrow('1..50');
    expect(() => new BatchWriter(fakeTx([]), 51)).toThrow('1..50');
  });
});
