import { Injectable, NotFoundException } from '@nestjs/common';
import { ProbeRun, TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';

export interface ProbeView {
  id: string;
  status: string;
  observedTenantId: string | null;
  createdAt: string;
  completedAt: string | null;
}

const view = (run: ProbeRun): ProbeView => ({
  id: run.id,
  status: run.status,
  observedTenantId: run.observedTenantId,
  createdAt: run.createdAt.toISOString(),
  completedAt: run.completedAt?.toISOString() ?? null,
});

/** Pipeline probes: prove api → queue → worker → database works for this tenant. */
@Injectable()
export class ProbeService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly jobs: JobProducer,
  ) {}

  async start(tenantId: string): Promise<ProbeView> {
    // The row is committed before the job exists, so the worker always finds it.
    const run = await this.tx.run(tenantId, (m) => m.save(m.create(ProbeRun, { tenantId, status: 'queued' })));
    await this.jobs.enqueue('diagnostics', 'probe', { tenantId, probeRunId: run.id }, { jobId: `probe:${run.id}` });
    return view(run);
  }

  async get(tenantId: string, id: string): Promise<ProbeView> {
    const run = await this.tx.run(tenantId, (m) => m.findOne(ProbeRun, { where: { id } }));
    if (!run) throw new NotFoundException('Probe not found');
    return view(run);
  }
}
