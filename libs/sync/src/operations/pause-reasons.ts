import { EntityManager } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { FlowIntegrationNotFoundError } from '../flows/flow-versions.service';
import { LANES } from '../pending/lanes';
import { requestDrain } from '../pending/drain-jobs';
import { JobProducer } from '#lb/queues';
import type { OperatorContext } from './flow-operations.service';

/**
 * Why an integration's sync is paused; flows run only while the set is empty.
 * 'reauthorisation' follows its Xero connection (a database trigger adds it when the connection
 * needs re-authorisation or is disconnected, and removes it on reconnection: migration
 * IntegrationPauseReasons); 'billing' is for the billing issue (addPauseReason / removePauseReason);
 * 'user' is the pause button; 'fair_use' is the billing issue's monthly allowance (past it and its
 * grace, writes wait until the month rolls over or the plan grows). A flow can carry 'billing' on
 * its own head too (setFlowPauseReason): its entity or trigger is not in the plan in force.
 */
export const PAUSE_REASONS = ['user', 'reauthorisation', 'billing', 'fair_use'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export interface PauseState {
  integrationId: string;
  status: string;
  pauseReasons: string[];
}

type Row = { id: string; status: string; pause_reasons: string[] };

/** Adds a reason in the caller's transaction (the status follows by trigger); null when the integration is not found. */
export async function addPauseReason(
  m: EntityManager,
  integrationId: string,
  reason: PauseReason,
): Promise<PauseState | null> {
  const rows: [Row[], number] = await m.query(
    `UPDATE integrations SET pause_reasons = array_append(array_remove(pause_reasons, $2::text), $2::text)
     WHERE id = $1 RETURNING id, status, pause_reasons`,
    [integrationId, reason],
  );
  return stateOf(rows[0][0]);
}

/** Removes a reason in the caller's transaction; null when the integration is not found. */
export async function removePauseReason(
  m: EntityManager,
  integrationId: string,
  reason: PauseReason,
): Promise<PauseState | null> {
  const rows: [Row[], number] = await m.query(
    `UPDATE integrations SET pause_reasons = array_remove(pause_reasons, $2::text)
     WHERE id = $1 RETURNING id, status, pause_reasons`,
    [integrationId, reason],
  );
  return stateOf(rows[0][0]);
}

/**
 * One flow's own pause (sync_flow_heads.pause_reasons), in the caller's transaction: the engine
 * neither polls nor drains the flow while its set is not empty; its changes wait. Answers the
 * flow's reasons after the change; null when the flow is not found.
 */
export async function setFlowPauseReason(
  m: EntityManager,
  scope: { integrationId: string; flowKey: string },
  reason: PauseReason,
  on: boolean,
): Promise<string[] | null> {
  const rows: [Array<{ pause_reasons: string[] }>, number] = await m.query(
    on
      ? `UPDATE sync_flow_heads SET pause_reasons = array_append(array_remove(pause_reasons, $3::text), $3::text)
         WHERE integration_id = $1 AND flow_key = $2 RETURNING pause_reasons`
      : `UPDATE sync_flow_heads SET pause_reasons = array_remove(pause_reasons, $3::text)
         WHERE integration_id = $1 AND flow_key = $2 RETURNING pause_reasons`,
    [scope.integrationId, scope.flowKey, reason],
  );
  return rows[0][0]?.pause_reasons ?? null;
}

function stateOf(row: Row | undefined): PauseState | null {
  return row ? { integrationId: row.id, status: row.status, pauseReasons: row.pause_reasons } : null;
}

/**
 * The user's pause and resume. Pausing stops sync only: token keep-alive, webhook acknowledgement
 * and cursors go on, so nothing is missed meanwhile. Resuming asks for a drain of every flow with
 * work waiting (when no other reason remains).
 */
export class IntegrationPauses {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditTrail,
    private readonly jobs: JobProducer,
  ) {}

  pause(tenantId: string, integrationId: string, by: OperatorContext): Promise<PauseState> {
    return this.change(tenantId, integrationId, by, 'pause');
  }

  resume(tenantId: string, integrationId: string, by: OperatorContext): Promise<PauseState> {
    return this.change(tenantId, integrationId, by, 'resume');
  }

  private change(
    tenantId: string,
    integrationId: string,
    by: OperatorContext,
    what: 'pause' | 'resume',
  ): Promise<PauseState> {
    return this.tx.run(tenantId, async (m) => {
      const before: Row[] = await m.query(`SELECT pause_reasons FROM integrations WHERE id = $1 FOR UPDATE`, [
        integrationId,
      ]);
      if (!before[0]) throw new FlowIntegrationNotFoundError();
      const had = before[0].pause_reasons.includes('user');
      const state =
        what === 'pause'
          ? await addPauseReason(m, integrationId, 'user')
          : await removePauseReason(m, integrationId, 'user');
      if (!state) throw new FlowIntegrationNotFoundError();
      if (had !== (what === 'pause')) {
        await this.audit.record(m, tenantId, {
          actor: by.actor,
          action: what === 'pause' ? 'integration.paused' : 'integration.resumed',
          targetType: 'integration',
          targetId: integrationId,
          details: { pauseReasons: state.pauseReasons },
          origin: by.origin,
        });
      }
      if (what === 'resume' && state.pauseReasons.length === 0) {
        const flows: Array<{ flow_key: string }> = await m.query(
          `SELECT DISTINCT flow_key FROM sync_pending_changes WHERE integration_id = $1 AND state IN ('pending', 'claimed')`,
          [integrationId],
        );
        for (const f of flows) {
          await requestDrain(this.jobs, tenantId, { integrationId, flowKey: f.flow_key }, LANES.interactive, m);
        }
      }
      return state;
    });
  }
}
