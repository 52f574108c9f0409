import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { FlowDocument } from './flow-document';
import { SyncFlowHead } from './flow-head.entity';
import { SyncFlowVersion } from './flow-version.entity';
import { FlowIssue, validateFlowDocument } from './validate-flow';

/** Lower-case words joined by '-', as a URL segment: 'customers', 'posted-invoices'. */
const FLOW_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FLOW_KEY_MAX = 63;

export interface FlowVersionView {
  id: string;
  flowKey: string;
  version: number;
  document: FlowDocument;
  authorUserId: string | null;
  createdAt: string;
  active: boolean;
}

export interface FlowSummary {
  flowKey: string;
  activeVersion: number;
  versionCount: number;
  activeSince: string;
}

/** Thrown by save: nothing was stored. */
export class InvalidFlowError extends Error {
  constructor(readonly issues: FlowIssue[]) {
    super(
      issues.map((i) => `${i.path}: ${i.message}${i.position !== undefined ? ` (at ${i.position})` : ''}`).join('; '),
    );
    this.name = 'InvalidFlowError';
  }
}

export class FlowIntegrationNotFoundError extends Error {
  constructor() {
    super('Integration not found');
  }
}

export class FlowNotFoundError extends Error {}

/** Another save made a newer version between reading a flow and saving its edit. */
export class FlowConflictError extends Error {}

/**
 * Flow documents of an integration: saved as immutable versions (validated first), listed, read.
 * Another tenant's integration is simply not found (RLS).
 */
export class FlowVersions {
  constructor(private readonly tx: TenantTransactions) {}

  /** Validates, stores the next version and makes it the head. */
  save(
    tenantId: string,
    integrationId: string,
    flowKey: string,
    document: unknown,
    by: {
      authorUserId: string | null;
      basedOnVersion?: number;
      /** Runs in the saving transaction (an audit entry, a job to enqueue): it commits with the version. */
      alsoWithin?: (m: EntityManager, saved: FlowVersionView, previousVersion: number | null) => Promise<void>;
    },
  ): Promise<FlowVersionView> {
    const issues = [...keyIssues(flowKey), ...validateFlowDocument(document)];
    if (issues.length) return Promise.reject(new InvalidFlowError(issues));
    return this.tx.run(tenantId, async (m) => {
      // Locking the integration serialises saves of its flows: no two take the same number.
      await this.integration(m, integrationId, true);
      const head = await m.findOne(SyncFlowHead, { where: { integrationId, flowKey } });
      if (by.basedOnVersion !== undefined && head?.activeVersion !== by.basedOnVersion) {
        throw new FlowConflictError(`Version ${head?.activeVersion} of ${flowKey} was saved meanwhile; reload it`);
      }
      const last = await m
        .createQueryBuilder(SyncFlowVersion, 'v')
        .select('max(v.version)', 'max')
        .where('v.integration_id = :integrationId AND v.flow_key = :flowKey', { integrationId, flowKey })
        .getRawOne<{ max: number | null }>();
      const saved = await m.save(
        m.create(SyncFlowVersion, {
          tenantId,
          integrationId,
          flowKey,
          version: (last?.max ?? 0) + 1,
          document: document as Record<string, unknown>,
          authorUserId: by.authorUserId,
        }),
      );
      const pointer = { activeVersionId: saved.id, activeVersion: saved.version };
      if (head) await m.update(SyncFlowHead, { id: head.id }, pointer);
      else await m.insert(SyncFlowHead, { tenantId, integrationId, flowKey, ...pointer });
      const result = view(saved, saved.version);
      if (by.alsoWithin) await by.alsoWithin(m, result, head?.activeVersion ?? null);
      return result;
    });
  }

  list(tenantId: string, integrationId: string): Promise<FlowSummary[]> {
    return this.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId);
      const heads = await m.find(SyncFlowHead, { where: { integrationId }, order: { flowKey: 'ASC' } });
      const counts = await m
        .createQueryBuilder(SyncFlowVersion, 'v')
        .select(['v.flow_key AS "flowKey"', 'count(*)::int AS count'])
        .where('v.integration_id = :integrationId', { integrationId })
        .groupBy('v.flow_key')
        .getRawMany<{ flowKey: string; count: number }>();
      return heads.map((h) => ({
        flowKey: h.flowKey,
        activeVersion: h.activeVersion,
        versionCount: counts.find((c) => c.flowKey === h.flowKey)?.count ?? 0,
        activeSince: h.updatedAt.toISOString(),
      }));
    });
  }

  /** One version, or the head when `version` is omitted. */
  get(tenantId: string, integrationId: string, flowKey: string, version?: number): Promise<FlowVersionView> {
    return this.tx.run(tenantId, async (m) => {
      await this.integration(m, integrationId);
      const head = await m.findOne(SyncFlowHead, { where: { integrationId, flowKey } });
      const wanted = version ?? head?.activeVersion;
      const row =
        wanted === undefined
          ? null
          : await m.findOne(SyncFlowVersion, { where: { integrationId, flowKey, version: wanted } });
      if (!row) {
        throw new FlowNotFoundError(
          version === undefined ? `No flow ${flowKey} yet` : `Version ${version} of flow ${flowKey} not found`,
        );
      }
      return view(row, head?.activeVersion);
    });
  }

  /** The version in force, in the caller's transaction (the engine reads it with its other work). */
  /** The version in force, with the flow's own pause reasons (a flow the plan does not include). */
  async head(
    m: EntityManager,
    integrationId: string,
    flowKey: string,
  ): Promise<(FlowVersionView & { pauseReasons: string[] }) | null> {
    const head = await m.findOne(SyncFlowHead, { where: { integrationId, flowKey } });
    if (!head) return null;
    const row = await m.findOneOrFail(SyncFlowVersion, { where: { id: head.activeVersionId } });
    return { ...view(row, head.activeVersion), pauseReasons: head.pauseReasons };
  }

  private async integration(m: EntityManager, id: string, lock = false): Promise<void> {
    const found = await m.findOne(Integration, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' } } : {}),
    });
    if (!found) throw new FlowIntegrationNotFoundError();
  }
}

function keyIssues(flowKey: string): FlowIssue[] {
  return typeof flowKey === 'string' && flowKey.length <= FLOW_KEY_MAX && FLOW_KEY.test(flowKey)
    ? []
    : [{ path: 'flowKey', message: `must be lower-case words joined by '-', at most ${FLOW_KEY_MAX} characters` }];
}

function view(row: SyncFlowVersion, activeVersion: number | undefined): FlowVersionView {
  return {
    id: row.id,
    flowKey: row.flowKey,
    version: row.version,
    document: row.document as unknown as FlowDocument,
    authorUserId: row.authorUserId,
    createdAt: row.createdAt.toISOString(),
    active: row.version === activeVersion,
  };
}
