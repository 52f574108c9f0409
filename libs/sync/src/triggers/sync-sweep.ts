// The sweep (a Bull repeatable system job): queues the X3 polls that are due, starts Xero poll
// chains that never ran or went silent, and asks for a drain for flows whose changes wait with no
// drain coming (a lost trigger). It runs outside any tenant and sees only ids, through SECURITY
// DEFINER functions (migrations SyncTriggersTenancy, SyncSweepXeroPollsDoor).
import { DataSource } from 'typeorm';
import { JobProducer } from '#lb/queues';
import { FlowScope, LANES, requestDrain } from '../pending';
import { requestXeroPoll } from '../xero-intake';
import { requestPoll } from './poll-jobs';

/** Flows looked at per sweep; the rest wait for the next one. */
export const SWEEP_BATCH = 500;
/**
 * The due-poll sweep runs every second: X3 polls are queued only by it, so its period adds to
 * every X3 change's latency (at 15 s, a 5 s poll was in effect a 15 s one: p95 27 s from an X3
 * posting to Xero). One indexed query a second.
 */
export const SWEEP_EVERY_MS = 1_000;
/** The safety nets (silent Xero poll chains, drains whose trigger was lost) run this often. */
export const FULL_SWEEP_EVERY_MS = 15_000;
/**
 * A Xero poll chain (poll-xero queues its own next poll) is started again when its flow has not
 * polled Xero for this long (or twice its schedule, if longer): a lost job must not end it for good.
 */
export const XERO_CHAIN_STALE_SECONDS = 3600;

interface FlowIds {
  tenant_id: string;
  integration_id: string;
  flow_key: string;
  /** Due polls only: the flow's X3 polls that failed in a row. */
  poll_failures?: number;
}

export interface SweepResult {
  polls: number;
  xeroPolls: number;
  drains: number;
}

export class SyncSweep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobProducer,
    private readonly batch = SWEEP_BATCH,
  ) {}

  /**
   * Claiming a due poll moves its schedule row under a row lock, so sweeps racing on several
   * workers queue it once. A crash between the claim and the queueing delays that flow's poll by
   * one interval; nothing else is lost (the cursor has not moved).
   */
  async run(opts: { full: boolean } = { full: true }): Promise<SweepResult> {
    const due: FlowIds[] = await this.dataSource.query('SELECT * FROM lb_sync_claim_due_polls($1)', [this.batch]);
    // a flow whose last polls failed (X3 down or not answering) is polled below the healthy ones:
    // its attempts, which may wait out a timeout each, must not hold the others' turn
    for (const f of due) {
      const lane = (f.poll_failures ?? 0) > 0 ? LANES.backfill : LANES.polling;
      await requestPoll(this.jobs, f.tenant_id, scopeOf(f), lane);
    }
    if (!opts.full) return { polls: due.length, xeroPolls: 0, drains: 0 };
    const silent: FlowIds[] = await this.dataSource.query('SELECT * FROM lb_sync_claim_stale_xero_polls($1, $2)', [
      this.batch,
      XERO_CHAIN_STALE_SECONDS,
    ]);
    for (const f of silent) await requestXeroPoll(this.jobs, f.tenant_id, scopeOf(f), 0);
    const stale: FlowIds[] = await this.dataSource.query('SELECT * FROM lb_sync_flows_to_drain($1)', [this.batch]);
    for (const f of stale) await requestDrain(this.jobs, f.tenant_id, scopeOf(f), LANES.polling);
    return { polls: due.length, xeroPolls: silent.length, drains: stale.length };
  }
}

function scopeOf(f: FlowIds): FlowScope {
  return { integrationId: f.integration_id, flowKey: f.flow_key };
}
