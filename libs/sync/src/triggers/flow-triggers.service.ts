// What the api asks of the triggers: "run now" (an admin), nudge tokens (created or rotated by an
// admin, shown once, kept as a SHA-256), and the X3 nudge itself (a token, no session), which only
// queues a deduplicated poll and reads or writes nothing else.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { JobProducer } from '#lb/queues';
import { FlowVersions } from '../flows';
import { FlowScope, LANES, requestDrain } from '../pending';
import { SyncNudgeToken } from './nudge-token.entity';
import { requestPoll } from './poll-jobs';
import { x3FlowSource } from './x3-flow-source';

export class TriggerIntegrationNotFoundError extends Error {}
export class TriggerFlowNotFoundError extends Error {}
/** The flow exists but reads nothing from X3 (xero-to-x3, or an entity no adapter reads). */
export class NotAnX3FlowError extends Error {}
/** Sync is paused for the integration: nothing is queued. */
export class IntegrationPausedError extends Error {}

export interface TriggerActor {
  actor: AuditActor;
  origin?: RequestOrigin;
  userId?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function hashNudgeToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Equal-length hex digests compared in constant time; anything else is simply unequal. */
function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export class FlowTriggers {
  private readonly flows: FlowVersions;

  constructor(
    private readonly tx: TenantTransactions,
    private readonly dataSource: DataSource,
    private readonly jobs: JobProducer,
    private readonly audit: AuditTrail,
  ) {
    this.flows = new FlowVersions(tx);
  }

  /** "Run now": a poll at the interactive lane and a drain of what already waits. */
  async runNow(tenantId: string, scope: FlowScope, by: TriggerActor): Promise<void> {
    await this.tx.run(tenantId, async (m) => {
      await this.x3Flow(m, scope);
      await requestPoll(this.jobs, tenantId, scope, LANES.interactive, m);
      await requestDrain(this.jobs, tenantId, scope, LANES.interactive, m);
      await this.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'flow.run_now',
        targetType: 'integration',
        targetId: scope.integrationId,
        details: { flowKey: scope.flowKey },
        origin: by.origin,
      });
    });
  }

  /** A new token for the integration's nudges (the old one stops working); returned once. */
  async rotateNudgeToken(tenantId: string, integrationId: string, by: TriggerActor): Promise<string> {
    const token = `lbn_${randomBytes(32).toString('base64url')}`;
    await this.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId);
      await m
        .createQueryBuilder()
        .insert()
        .into(SyncNudgeToken)
        .values({ tenantId, integrationId, tokenHash: hashNudgeToken(token), createdByUserId: by.userId ?? null })
        .orUpdate(['token_hash', 'created_by_user_id', 'updated_at'], ['tenant_id', 'integration_id'])
        .execute();
      await this.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'integration.nudge_token_rotated',
        targetType: 'integration',
        targetId: integrationId,
        origin: by.origin,
      });
    });
    return token;
  }

  /**
   * The X3 nudge: 'unauthorised' for an unknown integration or a wrong token (the same answer,
   * so the endpoint tells no one which integrations exist); else the flow is checked and a poll
   * queued under the flow's one poll job id (a nudge while one waits is absorbed).
   */
  async nudge(integrationId: string, flowKey: string, token: string | undefined): Promise<'queued' | 'unauthorised'> {
    if (!token || !UUID.test(integrationId)) return 'unauthorised';
    const rows: Array<{ tenant_id: string; token_hash: string }> = await this.dataSource.query(
      'SELECT * FROM lb_sync_nudge_target($1)',
      [integrationId],
    );
    const target = rows[0];
    const presented = hashNudgeToken(token);
    if (!target || !sameHash(presented, target.token_hash)) return 'unauthorised';
    const scope = { integrationId, flowKey };
    await this.tx.run(target.tenant_id, async (m) => {
      await this.x3Flow(m, scope);
      await requestPoll(this.jobs, target.tenant_id, scope, LANES.webhook, m);
    });
    return 'queued';
  }

  private async integration(m: EntityManager, integrationId: string): Promise<Integration> {
    const found = UUID.test(integrationId) ? await m.findOne(Integration, { where: { id: integrationId } }) : null;
    if (!found) throw new TriggerIntegrationNotFoundError('Integration not found');
    return found;
  }

  private async x3Flow(m: EntityManager, scope: FlowScope): Promise<void> {
    const integration = await this.integration(m, scope.integrationId);
    const head = await this.flows.head(m, scope.integrationId, scope.flowKey);
    if (!head) throw new TriggerFlowNotFoundError(`No flow ${scope.flowKey}`);
    if (head.document.direction === 'xero-to-x3') throw new NotAnX3FlowError(`${scope.flowKey} does not read X3`);
    try {
      x3FlowSource(head.document.entity);
    } catch {
      throw new NotAnX3FlowError(`${scope.flowKey} does not read X3`);
    }
    if (integration.pauseReasons.length) {
      throw new IntegrationPausedError(`Sync is paused (${integration.pauseReasons.join(', ')})`);
    }
    if (head.pauseReasons.length) {
      throw new IntegrationPausedError(`This flow is paused (${head.pauseReasons.join(', ')})`);
    }
  }
}
