// The sweep (a Bull repeatable system job): queues the X3 polls that are due and a drain for flows
// whose changes wait with no drain coming (a lost trigger). It runs outside any tenant and sees
// only ids, through two SECURITY DEFINER functions (migration SyncTriggersTenancy).
import { DataSource } from 'typeorm';
import { JobProducer } from '#lb/queues';
import { FlowScope, LANES, requestDrain } from '../pending';
import { requestPoll } from './poll-jobs';

/** Flows looked at per sweep; the rest wait for the next one (15 s later). */
export const SWEEP_BATCH = 500;
export const SWEEP_EVERY_MS = 15_000;

interface FlowIds {
  tenant_id: string;
  integration_id: string;
  flow_key: string;
}

export interface SweepResult {
  polls: number;
  drains: number;
}

export class SyncSweep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobProducer,
  ) {}

  /**
   * Claiming a due poll moves its schedule row under a row lock, so sweeps racing on several
   * workers queue it once. A crash between the claim and the queueing delays that flow's poll by
   * one interval; nothing else is lost (the cursor has not moved).
   */
  async run(): Promise<SweepResult> {
    const due: FlowIds[] = await this.dataSource.query('SELECT * FROM lb_sync_claim_due_polls($1)', [SWEEP_BATCH]);
    for (const f of due) await requestPoll(this.jobs, f.tenant_id, scopeOf(f), LANES.polling);
    const stale: FlowIds[] = await this.dataSource.query('SELECT * FROM lb_sync_flows_to_drain($1)', [SWEEP_BATCH]);
    for (const f of stale) await requestDrain(this.jobs, f.tenant_id, scopeOf(f), LANES.polling);
    return { polls: due.length, drains: stale.length };
  }
}

function scopeOf(f: FlowIds): FlowScope {
  return { integrationId: f.integration_id, flowKey: f.flow_key };
}
