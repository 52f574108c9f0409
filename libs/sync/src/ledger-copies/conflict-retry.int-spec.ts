// retryOnConflict against a real deadlock: two tenant transactions lock two ledger copies in
// opposite orders; PostgreSQL aborts one (40P01), which runs again and commits. Both changes land.
import { DataSource } from 'typeorm';
import { isRetryableConflict, retryOnConflict, TenantTransactions } from '#lb/database';
import { runtimeDataSource } from '#lb/testing';
import { tenantWithIntegration } from '../testing/integration-fixture';
import { copyOfCanonical, recordLedgerCopies } from './ledger-copies';

describe('retryOnConflict on PostgreSQL', () => {
  let ds: DataSource;
  let tx: TenantTransactions;

  beforeAll(async () => {
    ds = await runtimeDataSource(4);
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());

  /** Resolves once `n` parties have arrived: each transaction holds its first lock before either asks for the second. */
  function barrier(n: number) {
    let arrived = 0;
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    return () => {
      if (++arrived === n) open();
      return opened;
    };
  }

  it('runs the transaction PostgreSQL aborted for a deadlock again; both commit', async () => {
    const { tenantId, integrationId } = await tenantWithIntegration(tx);
    const copy = (key: string) =>
      copyOfCanonical('x3', {
        entity: 'invoice',
        key,
        partyKey: 'C001',
        date: '2026-11-30',
        currency: 'NZD',
        priceBasis: 'exclusive',
        status: 'authorised',
        lines: [],
        totals: { subTotal: '1.00', totalTax: '0', total: '1.00' },
      });
    await tx.run(tenantId, (m) => recordLedgerCopies(m, tenantId, integrationId, [copy('A'), copy('B')]));
    const bothHoldOne = barrier(2);
    const runs = { first: 0, second: 0 };
    const errors: unknown[] = [];
    const lockInOrder = (who: 'first' | 'second', order: string[]) =>
      retryOnConflict(() =>
        tx
          .run(tenantId, async (m) => {
            const attempt = ++runs[who];
            const touch = (key: string) =>
              m.query(`UPDATE recon_documents SET status = $1 WHERE side = 'x3' AND record_key = $2`, [who, key]);
            await touch(order[0]);
            // only the first run meets the other: a run again goes straight through
            if (attempt === 1) await bothHoldOne();
            await touch(order[1]);
          })
          .catch((error: unknown) => {
            errors.push(error);
            throw error;
          }),
      );
    await Promise.all([lockInOrder('first', ['A', 'B']), lockInOrder('second', ['B', 'A'])]);

    // exactly one was aborted as a deadlock and ran twice; the other ran once
    expect(errors).toHaveLength(1);
    expect(isRetryableConflict(errors[0])).toBe(true);
    expect(runs.first + runs.second).toBe(3);
    const statuses = await tx.run(tenantId, (m) =>
      m.query<Array<{ status: string }>>(`SELECT DISTINCT status FROM recon_documents WHERE side = 'x3'`),
    );
    // the one that ran again committed last: both copies carry its mark
    const last = runs.first === 2 ? 'first' : 'second';
    expect(statuses).toEqual([{ status: last }]);
  });

  it('throws any other error at once, and a conflict after its last attempt', async () => {
    let calls = 0;
    const notAConflict = Object.assign(new Error('unique violation'), { code: '23505' });
    await expect(
      retryOnConflict(() => {
        calls++;
        return Promise.reject(notAConflict);
      }),
    ).rejects.toBe(notAConflict);
    expect(calls).toBe(1);

    calls = 0;
    const deadlock = Object.assign(new Error('deadlock detected'), { driverError: { code: '40P01' } });
    await expect(
      retryOnConflict(() => {
        calls++;
        return Promise.reject(deadlock);
      }, 3),
    ).rejects.toBe(deadlock);
    expect(calls).toBe(3);
  });
});
