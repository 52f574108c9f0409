// The anomaly inbox: findings listed by status and kind; a held duplicate approved (written as it
// is) or rejected (skipped, nothing written); any finding marked expected, which teaches the
// tenant's rules so the same case is not flagged again. Every decision is audited.
import { EntityManager } from 'typeorm';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { requestDrain } from '../pending/drain-jobs';
import { LANES } from '../pending/lanes';
import type { AnomalyKind, FindingStatus, ProfileScope } from './anomaly.entities';
import { rulesTaught } from './taught-rules';

export const FINDINGS_LIMIT = { default: 100, max: 500 };

export interface AnomalyFindingView {
  id: string;
  integrationId: string;
  flowKey: string;
  entity: string;
  /** The document's source key (X3), or `hour:<ISO hour>` for a volume finding. */
  subject: string;
  kind: AnomalyKind;
  status: FindingStatus;
  explanation: string;
  detail: Record<string, unknown>;
  resolution: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface FindingsQuery {
  status?: FindingStatus;
  kind?: AnomalyKind;
  integrationId?: string;
  limit?: number;
}

export interface DeciderContext {
  actor: AuditActor;
  origin: RequestOrigin;
}

export class AnomalyFindingNotFoundError extends Error {}
/** The decision does not fit the finding (approving a flag that was written anyway, deciding twice). */
export class AnomalyDecisionRefusedError extends Error {}

type Row = {
  id: string;
  integration_id: string;
  flow_key: string;
  entity: string;
  subject: string;
  kind: AnomalyKind;
  status: FindingStatus;
  explanation: string;
  detail: Record<string, unknown>;
  resolution: string | null;
  pending_change_id: string | null;
  created_at: Date;
  updated_at: Date;
};

const viewOf = (r: Row): AnomalyFindingView => ({
  id: r.id,
  integrationId: r.integration_id,
  flowKey: r.flow_key,
  entity: r.entity,
  subject: r.subject,
  kind: r.kind,
  status: r.status,
  explanation: r.explanation,
  detail: r.detail,
  resolution: r.resolution,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export class AnomalyInbox {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditTrail,
    private readonly jobs: JobProducer,
  ) {}

  list(tenantId: string, q: FindingsQuery): Promise<AnomalyFindingView[]> {
    const limit = Math.min(q.limit ?? FINDINGS_LIMIT.default, FINDINGS_LIMIT.max);
    return this.tx.run(tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT * FROM sync_anomaly_findings
         WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2)
           AND ($3::uuid IS NULL OR integration_id = $3)
         ORDER BY updated_at DESC, id LIMIT $4`,
        [q.status ?? null, q.kind ?? null, q.integrationId ?? null, limit],
      );
      return rows.map(viewOf);
    });
  }

  /** A held duplicate is written after all: its change goes back to the drain, cleared of this rule. */
  approve(tenantId: string, id: string, by: DeciderContext): Promise<AnomalyFindingView> {
    return this.decide(tenantId, id, by, 'approved', async (m, f) => {
      if (f.status !== 'held')
        throw new AnomalyDecisionRefusedError('Only a duplicate held before writing can be approved');
      await this.release(m, tenantId, f);
      return { status: 'resolved' };
    });
  }

  /** A held duplicate is not written: its change is settled as skipped. */
  reject(tenantId: string, id: string, by: DeciderContext): Promise<AnomalyFindingView> {
    return this.decide(tenantId, id, by, 'rejected', async (m, f) => {
      if (f.status !== 'held')
        throw new AnomalyDecisionRefusedError('Only a duplicate held before writing can be rejected');
      await m.query(
        `UPDATE sync_pending_changes SET state = 'done', settled_at = now(), updated_at = now(),
           outcome = COALESCE(outcome, '{}'::jsonb) || jsonb_build_object('action', 'skipped',
             'messages', jsonb_build_array('rejected as a duplicate in the anomaly inbox'))
         WHERE id = $1 AND state = 'held'`,
        [f.pending_change_id],
      );
      return { status: 'resolved' };
    });
  }

  /**
   * Not an anomaly for this tenant: its rule learns the case (a wider band, an accepted reference
   * pattern, a rate, a peak). A held duplicate marked expected is written as well.
   */
  expect(tenantId: string, id: string, by: DeciderContext): Promise<AnomalyFindingView> {
    return this.decide(tenantId, id, by, 'expected', async (m, f) => {
      if (f.status === 'expected') throw new AnomalyDecisionRefusedError('This finding is already expected');
      const taught = rulesTaught(f.kind, f.detail, f.flow_key);
      if (taught) await this.teach(m, tenantId, f, taught.scope, taught.subject, taught.merge);
      if (f.status === 'held') await this.release(m, tenantId, f);
      return { status: 'expected' };
    });
  }

  private decide(
    tenantId: string,
    id: string,
    by: DeciderContext,
    resolution: 'approved' | 'rejected' | 'expected',
    work: (m: EntityManager, f: Row) => Promise<{ status: FindingStatus }>,
  ): Promise<AnomalyFindingView> {
    return this.tx.run(tenantId, async (m) => {
      const [f] = await m.query<Row[]>(`SELECT * FROM sync_anomaly_findings WHERE id = $1 FOR UPDATE`, [id]);
      if (!f) throw new AnomalyFindingNotFoundError('No such anomaly finding');
      const { status } = await work(m, f);
      const [[row]] = await m.query<[Row[], number]>(
        `UPDATE sync_anomaly_findings SET status = $2, resolution = $3, updated_at = now() WHERE id = $1 RETURNING *`,
        [id, status, resolution],
      );
      await this.audit.record(m, tenantId, {
        actor: by.actor,
        action: `sync.anomaly_${resolution}`,
        targetType: 'anomaly_finding',
        targetId: id,
        details: { integrationId: f.integration_id, flowKey: f.flow_key, kind: f.kind, subject: f.subject },
        origin: by.origin,
      });
      return viewOf(row);
    });
  }

  private async release(m: EntityManager, tenantId: string, f: Row): Promise<void> {
    const rows: [Array<{ flow_key: string }>, number] = await m.query(
      `UPDATE sync_pending_changes SET state = 'pending', claim_id = NULL, claimed_until = NULL, settled_at = NULL,
         attempts = 0, available_at = now(), updated_at = now(), lane = $2
       WHERE id = $1 AND state = 'held'
       RETURNING flow_key`,
      [f.pending_change_id, LANES.interactive],
    );
    // a newer change of the record replaced the held one: it is screened (cleared) when it drains
    if (!rows[0].length) return;
    await requestDrain(
      this.jobs,
      tenantId,
      { integrationId: f.integration_id, flowKey: f.flow_key },
      LANES.interactive,
      m,
    );
  }

  private async teach(
    m: EntityManager,
    tenantId: string,
    f: Row,
    scope: ProfileScope,
    subject: string,
    merge: (rules: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO sync_anomaly_profiles (tenant_id, integration_id, entity, scope, subject)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT ON CONSTRAINT uq_sync_anomaly_profiles_subject DO NOTHING`,
      [tenantId, f.integration_id, f.entity, scope, subject],
    );
    const [p] = await m.query<Array<{ id: string; rules: Record<string, unknown> }>>(
      `SELECT id, rules FROM sync_anomaly_profiles
       WHERE integration_id = $1 AND entity = $2 AND scope = $3 AND subject = $4 FOR UPDATE`,
      [f.integration_id, f.entity, scope, subject],
    );
    await m.query(`UPDATE sync_anomaly_profiles SET rules = $2, updated_at = now() WHERE id = $1`, [
      p.id,
      JSON.stringify(merge(p.rules ?? {})),
    ]);
  }
}
