// What one drain run works with, read in one short transaction: the integration (paused or not),
// the flow's version in force, and the mapping version its transform step names.
import { EntityManager } from 'typeorm';
import { Integration } from '#lb/integrations';
import { CanonicalEntity, MappingHead, MappingVersion } from '#lb/mapping';
import { FlowDocument, FlowOptions, stepsOf } from '../flows/flow-document';
import { SyncFlowHead } from '../flows/flow-head.entity';
import { SyncFlowVersion } from '../flows/flow-version.entity';
import { isMatchingConfirmed } from '../matching/matching-gate';
import type { FlowScope } from '../pending/pending-changes.service';

/** The job can never do anything (its integration is gone): the processor discards it. */
export class DrainPermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrainPermanentError';
  }
}

export interface DrainContext {
  integration: Integration;
  flowKey: string;
  flow: FlowDocument;
  /** The flow version in force (the xero→x3 half of a both-ways flow is carried with it). */
  flowVersion: number;
  entity: CanonicalEntity;
  options: FlowOptions;
  /** What the flow finally does: upsert (default), create-only or flag. */
  action: 'upsert' | 'create-only' | 'flag';
  mapping: { id: string; version: number; document: Record<string, unknown> };
}

export type LoadedContext =
  | { kind: 'ready'; context: DrainContext }
  | { kind: 'idle'; reason: string }
  /** A xero-to-x3 flow: drained by the X3 writer (libs/sync/src/x3-writer). */
  | { kind: 'xero-to-x3' };

export async function loadDrainContext(m: EntityManager, scope: FlowScope): Promise<LoadedContext> {
  const integration = await m.findOne(Integration, { where: { id: scope.integrationId } });
  // RLS: another tenant's integration id is "not found" here too, so such a job does nothing.
  if (!integration) throw new DrainPermanentError(`integration ${scope.integrationId} not found`);
  if (integration.pauseReasons.length)
    return { kind: 'idle', reason: `paused (${integration.pauseReasons.join(', ')})` };
  const head = await m.findOne(SyncFlowHead, { where: { integrationId: integration.id, flowKey: scope.flowKey } });
  if (!head) return { kind: 'idle', reason: `no flow ${scope.flowKey}` };
  if (head.pauseReasons.length) return { kind: 'idle', reason: `flow paused (${head.pauseReasons.join(', ')})` };
  const row = await m.findOneOrFail(SyncFlowVersion, { where: { id: head.activeVersionId } });
  const flow = row.document as unknown as FlowDocument;
  if (!flow.enabled) return { kind: 'idle', reason: `flow ${scope.flowKey} is disabled` };
  if (flow.direction === 'xero-to-x3') return { kind: 'xero-to-x3' };
  // nothing is written to the organisation before the user confirmed the first-connection matching
  if (!(await isMatchingConfirmed(m, integration.id))) return { kind: 'idle', reason: 'matching not confirmed' };
  const steps = stepsOf(flow);
  const transform = steps.find((s) => s.kind === 'transform' && s.mapping.direction === 'x3-to-xero');
  const ref =
    transform?.kind === 'transform'
      ? transform.mapping
      : { direction: 'x3-to-xero' as const, version: 'active' as const };
  const key = { integrationId: integration.id, entity: flow.entity, direction: 'x3-to-xero' as const };
  let mapping: MappingVersion | null;
  if (ref.version === 'active') {
    const mappingHead = await m.findOne(MappingHead, { where: key });
    mapping = mappingHead ? await m.findOne(MappingVersion, { where: { id: mappingHead.activeVersionId } }) : null;
  } else {
    mapping = await m.findOne(MappingVersion, { where: { ...key, version: ref.version } });
  }
  if (!mapping) return { kind: 'idle', reason: `no ${flow.entity} mapping (x3-to-xero, version ${ref.version})` };
  const actionStep = steps.find((s) => s.kind === 'action');
  return {
    kind: 'ready',
    context: {
      integration,
      flowKey: scope.flowKey,
      flow,
      flowVersion: row.version,
      entity: flow.entity,
      options: flow.options ?? {},
      action: actionStep?.kind === 'action' ? actionStep.action : 'upsert',
      mapping: { id: mapping.id, version: mapping.version, document: mapping.document },
    },
  };
}

/**
 * The context a claim pinned by a replay runs with: the same flow, the x3-to-xero mapping of that
 * version. Versions are never deleted, so one that is missing means the row was tampered with: the
 * flow's own mapping is used rather than stalling the claim.
 */
export async function withPinnedMapping(
  m: EntityManager,
  context: DrainContext,
  version: number | null,
): Promise<DrainContext> {
  if (version === null || version === context.mapping.version) return context;
  const key = { integrationId: context.integration.id, entity: context.entity, direction: 'x3-to-xero' as const };
  const pinned = await m.findOne(MappingVersion, { where: { ...key, version } });
  if (!pinned) return context;
  return { ...context, mapping: { id: pinned.id, version: pinned.version, document: pinned.document } };
}
