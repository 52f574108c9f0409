// Scenarios shared by the sync e2e specs and the sync benches (bench/sync-*.bench.ts): each runs
// against a SyncWorld and returns what it measured; the callers assert or report.
import { openCount } from './sync-probe';
import { SyncTenant, SyncWorld } from './sync-world';

export interface FairnessResult {
  /** From the X3 commit of tenant B's invoice to its cross-reference (written to Xero), in Xero (sandbox) seconds. */
  delaySandboxS: number;
  /** Tenant A's changes still open (not yet carried) when B's record arrived: the backlog was running. */
  backlogOpenAtArrival: number;
  /** Records of A written to Xero when B's record was committed in X3. */
  backlogWrittenBefore: number;
}

/**
 * Tenant A's backlog of `customers` + `invoices` new records is being carried when tenant B posts one
 * invoice (for a customer and product already in Xero); B's flows are on and settled beforehand.
 */
export async function fairness(
  world: SyncWorld,
  a: SyncTenant,
  b: SyncTenant,
  backlog: { customers: number; invoices: number },
): Promise<FairnessResult> {
  const flows = ['customers', 'products', 'invoices'];
  await world.enableFlows(b, flows);
  await settled(world, b, 'tenant B settled');
  await world.seedInvoices(a, backlog.customers, backlog.invoices);
  await world.enableFlows(a, flows);
  const total = backlog.customers + backlog.invoices;
  await world.probe("tenant A's backlog running", { timeoutMs: 900_000, stallMs: 240_000 }).until(async () => {
    const written = await world.writtenRecords(a);
    return { done: written >= Math.min(500, total / 10) || undefined, progress: { written } };
  });
  const backlogWrittenBefore = await world.writtenRecords(a);
  const committed = Date.now();
  const made = await world.x3(b, 'POST', '/sales-invoices', {
    salesSite: 'NZ011',
    billToCustomer: 'NZ001',
    post: true,
    lines: [{ product: 'NZFOOD01', quantityInSalesUnitInvoiced: '2' }],
  });
  if (made.status !== 201) throw new Error(`fairness: X3 refused B's invoice: ${JSON.stringify(made.body)}`);
  const id = String(made.body.salesInvoice);
  const arrived = await world
    .probe("tenant B's invoice in Xero", { timeoutMs: 300_000, stallMs: 300_000 })
    .until(async () => ({
      done: (await world.linked(b)).get('invoice')?.has(id) ? Date.now() : undefined,
      progress: null,
    }));
  const backlogOpenAtArrival = openCount(await world.pending(a));
  return {
    delaySandboxS: ((arrived - committed) / 1000) * world.clockScale,
    backlogOpenAtArrival,
    backlogWrittenBefore,
  };
}

/** Waits until a tenant has nothing open (its flows have carried everything they found). */
export function settled(world: SyncWorld, t: SyncTenant, what: string, timeoutMs = 600_000): Promise<true> {
  return world.probe(what, { timeoutMs, stallMs: 240_000 }).until(async () => {
    const counts = await world.pending(t);
    const written = await world.writtenRecords(t);
    // Open changes at zero after at least one poll found something (the flows' first reads are queued at once).
    return { done: (openCount(counts) === 0 && written > 0) || undefined, progress: { counts, written } };
  });
}
