// "Dry-run the whole flow" (the designer): real X3 records of the flow's entity, each walked through
// the flow (stored or an unsaved draft) as a run would walk it, and — for those reaching a writing
// action — the mapping dry run's outcome with the transform's mapping version. Reads only: no run,
// step, pending change or event is stored, nothing is written to X3 or Xero.
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { DryRunOptions, DryRunRecord, DryRunResult, MappingKey } from '#lb/mapping';
import type { CanonicalEntity } from '#lb/mapping';
import type { FlowDocument } from '../flows/flow-document';
import { stepsOf } from '../flows/flow-document';
import {
  FlowIntegrationNotFoundError,
  FlowNotFoundError,
  FlowVersions,
  InvalidFlowError,
} from '../flows/flow-versions.service';
import { validateFlowDocument } from '../flows/validate-flow';
import { OperationRefusedError } from '../operations/operation-errors';
import { DryStop, DryPathStep, dryWalk, DryWalk } from './dry-walk';
import { SyncFlowEvent } from './flow-event.entity';

export const FLOW_DRY_RUN_LIMIT = { min: 1, max: 20, default: 5 } as const;

export interface FlowDryRunDeps {
  tx: TenantTransactions;
  flows: FlowVersions;
  /** The mapping dry run (DryRunService.dryRun): reads X3, maps, matches in Xero; writes nothing. */
  mappingDryRun: (tenantId: string, key: MappingKey, opts: DryRunOptions) => Promise<DryRunResult>;
}

export interface FlowDryRunOptions {
  /** An unsaved flow document, validated exactly as a save would be. */
  document?: Record<string, unknown>;
  limit?: number;
}

export interface FlowDryRunRecord {
  sourceKey: string;
  path: DryPathStep[];
  stop: DryStop;
  /** The mapping dry run's answer, for a record that reaches a writing action. */
  mapping?: Omit<DryRunRecord, 'canonical'>;
}

export interface FlowDryRunResult {
  flowKey: string;
  entity: CanonicalEntity;
  /** The stored version in force (null for a flow not saved yet); with `draft` the document was unsaved. */
  version: number | null;
  draft?: boolean;
  /** The mapping version the transform ran. */
  mappingVersion: number;
  read: number;
  records: FlowDryRunRecord[];
}

export class FlowDryRun {
  constructor(private readonly d: FlowDryRunDeps) {}

  async dryRun(
    tenantId: string,
    integrationId: string,
    flowKey: string,
    opts: FlowDryRunOptions,
  ): Promise<FlowDryRunResult> {
    const limit = Math.min(
      Math.max(opts.limit ?? FLOW_DRY_RUN_LIMIT.default, FLOW_DRY_RUN_LIMIT.min),
      FLOW_DRY_RUN_LIMIT.max,
    );
    // Another tenant's integration is not found (RLS) before anything about the draft is said.
    const stored = await this.d.tx.run(tenantId, async (m) => {
      if (!(await m.findOne(Integration, { where: { id: integrationId } }))) throw new FlowIntegrationNotFoundError();
      return this.d.flows.head(m, integrationId, flowKey);
    });
    const document = this.documentOf(opts.document, stored?.document, flowKey);
    if (document.direction === 'xero-to-x3') {
      throw new OperationRefusedError('A dry run walks X3 records: xero-to-x3 flows are not dry-run here yet');
    }
    const transform = stepsOf(document).find((s) => s.kind === 'transform' && s.mapping.direction === 'x3-to-xero');
    const ref = transform?.kind === 'transform' ? transform.mapping.version : 'active';

    const walks = new Map<string, DryWalk>();
    const order: string[] = [];
    const select: DryRunOptions['select'] = (sources) =>
      this.d.tx.run(tenantId, async (m) => {
        const seen = async (kind: string, subject: string) =>
          (await m.findOne(SyncFlowEvent, { where: { integrationId, kind, subject } }))?.createdAt ?? null;
        for (const source of sources) {
          order.push(source._id);
          walks.set(source._id, await dryWalk(document, source, seen));
        }
        return sources.filter((s) => writes(walks.get(s._id)!.stop));
      });
    const mapped = await this.d.mappingDryRun(
      tenantId,
      { integrationId, entity: document.entity, direction: 'x3-to-xero' },
      { limit, ...(ref === 'active' ? {} : { version: ref }), select },
    );
    const outcomes = new Map(mapped.records.map(({ canonical: _c, ...r }) => [r.sourceKey, r]));
    return {
      flowKey,
      entity: document.entity,
      version: stored?.version ?? null,
      ...(opts.document !== undefined ? { draft: true } : {}),
      mappingVersion: mapped.version,
      read: mapped.read,
      records: order.map((sourceKey) => {
        const { path, stop } = walks.get(sourceKey)!;
        const mapping = outcomes.get(sourceKey);
        return { sourceKey, path, stop, ...(mapping ? { mapping } : {}) };
      }),
    };
  }

  private documentOf(draft: unknown, stored: FlowDocument | undefined, flowKey: string): FlowDocument {
    if (draft === undefined) {
      if (!stored) throw new FlowNotFoundError(`No flow ${flowKey} yet`);
      return stored;
    }
    const issues = validateFlowDocument(draft);
    if (issues.length) throw new InvalidFlowError(issues);
    return draft as FlowDocument;
  }
}

/** A record the drain would map and write (a flag writes nothing). */
function writes(stop: DryStop): boolean {
  return stop.kind === 'action' && stop.action !== 'flag';
}
