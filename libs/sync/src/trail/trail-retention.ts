// The retention sweep: every tenant's trail events, runs and dead-letter payloads older than
// LB_TRAIL_RETENTION_DAYS go, in batches, one tenant transaction each (a repeatable maintenance job).
import { SystemAccess, TenantTransactions } from '#lb/database';
import { purgeExpired, PurgeCounts } from './trail-purge';

export class TrailRetention {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly system: SystemAccess,
    private readonly retentionDays: number,
  ) {}

  cutoff(now = new Date()): Date {
    return new Date(now.getTime() - this.retentionDays * 86_400_000);
  }

  purgeTenant(tenantId: string, now = new Date()): Promise<PurgeCounts> {
    return this.tx.run(tenantId, (m) => purgeExpired(m, this.cutoff(now)));
  }

  /** Every active tenant; one failing tenant does not stop the others (its error is rethrown after). */
  async purgeAll(now = new Date()): Promise<PurgeCounts> {
    const total: PurgeCounts = { events: 0, runs: 0, deadLetterPayloads: 0 };
    let firstError: Error | undefined;
    for (const tenantId of await this.system.activeTenantIds()) {
      try {
        const c = await this.purgeTenant(tenantId, now);
        total.events += c.events;
        total.runs += c.runs;
        total.deadLetterPayloads += c.deadLetterPayloads;
      } catch (error) {
        firstError ??= error instanceof Error ? error : new Error(`tenant ${tenantId}: trail retention failed`);
      }
    }
    if (firstError) throw firstError;
    return total;
  }
}
