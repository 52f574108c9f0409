// The cost of tenancy: short tenant transactions (set_config + an RLS-filtered read) per second
// on the runtime role, four at a time, against a table holding 20 tenants' rows.
import { ProbeRun, TenantTransactions } from '#lb/database';
import { createTenant, runtimeDataSource } from '#lb/testing';
import type { Bench } from './bench-types';

const bench: Bench = async () => {
  const ds = await runtimeDataSource(4);
  const tx = new TenantTransactions(ds);
  try {
    const tenants: string[] = [];
    for (let i = 0; i < 20; i++) {
      const t = await createTenant(tx);
      await tx.run(t, (m) =>
        m.insert(
          ProbeRun,
          Array.from({ length: 50 }, () => ({ tenantId: t })),
        ),
      );
      tenants.push(t);
    }
    const total = 4_000;
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < total) {
          const t = tenants[next++ % tenants.length];
          const n = await tx.run(t, (m) => m.count(ProbeRun));
          if (n !== 50) throw new Error(`tenant ${t} saw ${n} rows, expected 50`);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return [
      { name: 'tenant_tx_per_s', value: Math.round(total / seconds), unit: 'transactions/s', target: 'informational' },
    ];
  } finally {
    await ds.destroy();
  }
};

export default bench;
