// Scenarios shared by the sync e2e specs and the sync benches (bench/sync-*.bench.ts): each runs
// against a SyncWorld and returns what it measured; the callers assert or report.
import { openCount } from './sync-probe';
import { SyncTenant, SyncWorld } from './sync-world';

export interface FairnessSample {
  /** From the X3 commit of tenant B's invoice to its cross-reference (written to Xero), in Xero (sandbox) seconds; null: not within the wait. */
  delaySandboxS: number | null;
  /** Where the delay went, in Xero seconds from the X3 commit: B's change accepted (its poll), its batch prepared and completed (its drain). */
  acceptedS: number | null;
  batchPreparedS: number | null;
  batchSentS: number | null;
  /** Tenant A's changes still open (not yet carried) at the end of the sample: the backlog was running. */
  backlogOpen: number;
}

export interface FairnessResult {
  samples: FairnessSample[];
  /** Records of A written to Xero when B's first record was committed in X3. */
  backlogWrittenBefore: number;
  /** Records of A written to Xero while B's records were sampled, and over how many Xero seconds. */
  backlogWrittenDuring: number;
  samplingSandboxS: number;
}

/**
 * Tenant A's backlog of `customers` + `invoices` new records is being carried when tenant B posts
 * `samples` invoices, one at a time (for a customer and product already in Xero); B's flows are on
 * and settled beforehand. A sample B's invoice does not reach Xero within `waitMs` is recorded as null.
 */
export async function fairness(
  world: SyncWorld,
  a: SyncTenant,
  b: SyncTenant,
  backlog: { customers: number; invoices: number },
  opts: { samples?: number; waitMs?: number } = {},
): Promise<FairnessResult> {
  const flows = ['customers', 'products', 'invoices'];
  await world.enableFlows(b, flows);
  await settled(world, b, 'tenant B settled');
  await world.seedInvoices(a, backlog.customers, backlog.invoices);
  await world.enableFlows(a, flows);
  const total = backlog.customers + backlog.invoices;
  // A's first reads take in 20,000 records before its first writes: minutes on a loaded machine.
  // B is sampled once A writes at full pace (a thousand records in), not while A still only reads.
  await world.probe("tenant A's backlog running", { timeoutMs: 1_800_000, stallMs: 600_000 }).until(async () => {
    const written = await world.writtenRecords(a);
    return { done: written >= Math.min(1000, total / 10) || undefined, progress: { written } };
  });
  const backlogWrittenBefore = await world.writtenRecords(a);
  const from = Date.now();
  const samples: FairnessSample[] = [];
  for (let i = 0; i < (opts.samples ?? 1); i++)
    samples.push(await smallTenantSample(world, a, b, opts.waitMs ?? 300_000));
  return {
    samples,
    backlogWrittenBefore,
    backlogWrittenDuring: (await world.writtenRecords(a)) - backlogWrittenBefore,
    samplingSandboxS: ((Date.now() - from) / 1000) * world.clockScale,
  };
}

/** One invoice of B posted in X3, timed to its linked Xero invoice. */
async function smallTenantSample(world: SyncWorld, a: SyncTenant, b: SyncTenant, waitMs: number) {
  const committed = Date.now();
  const made = await world.x3(b, 'POST', '/sales-invoices', {
    salesSite: 'NZ011',
    billToCustomer: 'NZ001',
    post: true,
    lines: [{ product: 'NZFOOD01', quantityInSalesUnitInvoiced: '2' }],
  });
  if (made.status !== 201) throw new Error(`fairness: X3 refused B's invoice: ${JSON.stringify(made.body)}`);
  const id = String(made.body.salesInvoice);
  let arrived: number | null = null;
  while (arrived === null && Date.now() - committed < waitMs) {
    if (!world.workerAlive()) throw new Error(`fairness: the worker died\n${world.workerOutput().slice(-4000)}`);
    if ((await world.linked(b)).get('invoice')?.has(id)) arrived = Date.now();
    else await new Promise((r) => setTimeout(r, 100)); // poll interval of the wait, not a pause
  }
  const steps = await delayStepsOf(world, b, id, committed);
  return {
    delaySandboxS: arrived === null ? null : ((arrived - committed) / 1000) * world.clockScale,
    ...steps,
    backlogOpen: openCount(await world.pending(a)),
  };
}

/** When an invoice's change was accepted and its Xero batch prepared and completed, from our own rows. */
export async function delayStepsOf(world: SyncWorld, b: SyncTenant, id: string, committed: number) {
  const [row] = await world.owner.query<Array<{ accepted: Date | null; prepared: Date | null; sent: Date | null }>>(
    `SELECT (SELECT min(created_at) FROM sync_pending_changes
              WHERE tenant_id = $1 AND flow_key = 'invoices' AND source_key = $2) AS accepted,
            min(w.created_at) AS prepared, min(w.completed_at) AS sent
     FROM xero_write_batches w WHERE w.tenant_id = $1 AND w.entity IN ('invoice', 'invoices') AND w.created_at >= $3`,
    [b.tenantId, id, new Date(committed)],
  );
  const after = (at: Date | null) => (at ? ((new Date(at).getTime() - committed) / 1000) * world.clockScale : null);
  return { acceptedS: after(row?.accepted), batchPreparedS: after(row?.prepared), batchSentS: after(row?.sent) };
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
