// A run's differences streamed in class and key order, a keyset page at a time (each page its own
// short read-only tenant transaction): an export of 100,000 differences holds one page in memory.
import { TenantTransactions } from '#lb/database';
import { ReconciliationNotFoundError } from '../reconciliations.service';
import { ReconDifference } from '../runs/recon-difference.entity';
import { ReconRun } from '../runs/recon-run.entity';

const PAGE = 1_000;

export interface RunRef {
  tenantId: string;
  integrationId: string;
  runId: string;
}

/** The run, or not found when it is not this tenant's run of this integration. */
export function loadRun(tx: TenantTransactions, ref: RunRef): Promise<ReconRun> {
  return tx.runReadOnly(ref.tenantId, async (m) => {
    const run = await m.findOne(ReconRun, { where: { id: ref.runId, integrationId: ref.integrationId } });
    if (!run) throw new ReconciliationNotFoundError('run not found');
    return run;
  });
}

export async function* runDifferences(tx: TenantTransactions, ref: RunRef): AsyncGenerator<ReconDifference> {
  let after: [string, string, string] | null = null;
  for (;;) {
    const page: ReconDifference[] = await tx.runReadOnly(ref.tenantId, (m) => {
      const q = m
        .createQueryBuilder(ReconDifference, 'd')
        .where('d.run_id = :runId', { runId: ref.runId })
        .orderBy('d.difference_class')
        .addOrderBy('d.match_key')
        .addOrderBy('d.id')
        .take(PAGE);
      if (after)
        q.andWhere('(d.difference_class, d.match_key, d.id) > (:cls, :key, :id)', {
          cls: after[0],
          key: after[1],
          id: after[2],
        });
      return q.getMany();
    });
    yield* page;
    if (page.length < PAGE) return;
    const last = page[page.length - 1];
    after = [last.differenceClass, last.matchKey, last.id];
  }
}
