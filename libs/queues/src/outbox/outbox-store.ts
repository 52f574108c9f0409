import { DataSource, EntityManager } from 'typeorm';

export interface OutboxJob {
  lane: string;
  tenantId: string | null;
  queue: string;
  job: string;
  payload: Record<string, unknown>;
  jobId?: string;
  priority?: number;
  delayMs?: number;
}

export interface ClaimedJob extends OutboxJob {
  id: string;
  availableAt: Date;
  /** How long until `availableAt`, by PostgreSQL's clock (whose instant it is), never negative. */
  delayMs: number;
  attempts: number;
}

interface ClaimedRow {
  id: string;
  lane: string;
  tenant_id: string | null;
  queue_name: string;
  job_name: string;
  payload: Record<string, unknown>;
  job_id: string | null;
  priority: number | null;
  available_at: Date;
  attempts: number;
  wait_ms: string;
}

/** The outbox's SQL in one place: insert inside the caller's transaction, claim, finish, release. */
export class OutboxStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts inside `manager`'s transaction: the job exists exactly when that transaction commits. */
  async insert(manager: EntityManager, jobs: OutboxJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const params: unknown[] = [];
    const rows = jobs.map((j) => {
      params.push(j.lane, j.tenantId, j.queue, j.job, JSON.stringify(j.payload), j.jobId ?? null, j.priority ?? null);
      params.push(Math.max(0, Math.round(j.delayMs ?? 0)));
      const n = params.length;
      const p = (k: number) => `$${n - k}`;
      return `(${p(7)}, ${p(6)}, ${p(5)}, ${p(4)}, ${p(3)}::jsonb, ${p(2)}, ${p(1)}, now() + ${p(0)} * interval '1 millisecond')`;
    });
    await manager.query(
      `INSERT INTO job_outbox (lane, tenant_id, queue_name, job_name, payload, job_id, priority, available_at) VALUES ${rows.join(', ')}`,
      params,
    );
  }

  /** Leases up to `limit` rows of `lane` for `leaseSeconds` (SKIP LOCKED: relays never wait on each other). */
  async claim(lane: string, limit: number, leaseSeconds: number): Promise<ClaimedJob[]> {
    // The wait is measured here, on the clock that set available_at: the relay's own may be off.
    const rows: ClaimedRow[] = await this.dataSource.query(
      `SELECT c.*, greatest(0, ceil(extract(epoch FROM c.available_at - now()) * 1000))::bigint AS wait_ms
       FROM lb_job_outbox_claim_lane($1, $2, $3) c`,
      [lane, limit, leaseSeconds],
    );
    return rows.map((r) => ({
      id: String(r.id),
      lane: r.lane,
      tenantId: r.tenant_id,
      queue: r.queue_name,
      job: r.job_name,
      payload: r.payload,
      jobId: r.job_id ?? undefined,
      priority: r.priority ?? undefined,
      availableAt: r.available_at,
      delayMs: Number(r.wait_ms),
      attempts: r.attempts,
    }));
  }

  /** The jobs are in Redis: their rows go. */
  async done(ids: string[]): Promise<void> {
    if (ids.length) await this.dataSource.query('SELECT lb_job_outbox_done($1::bigint[])', [ids]);
  }

  /** Adding failed: keep the row, note why, and let any relay retry it after `retrySeconds`. */
  async release(id: string, error: string, retrySeconds: number): Promise<void> {
    await this.dataSource.query('SELECT lb_job_outbox_release($1, $2, $3)', [id, error.slice(0, 500), retrySeconds]);
  }

  /** Rows still waiting to reach Redis (for health and metrics): a count only, across tenants. */
  async backlog(): Promise<{ pending: number; oldestSeconds: number }> {
    const rows: Array<{ pending: number; oldest_seconds: number | null }> = await this.dataSource.query(
      'SELECT * FROM lb_job_outbox_backlog()',
    );
    return { pending: Number(rows[0]?.pending ?? 0), oldestSeconds: Number(rows[0]?.oldest_seconds ?? 0) };
  }
}
