import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { MappingVersions, StarterRegion } from '#lb/mapping';
import { JobProducer } from '#lb/queues';
import { FlowVersions } from '../flows/flow-versions.service';
import { runFlowNow } from './flow-jobs';
import { mappingDirectionsOf, STARTER_FLOWS, starterFlowDocument, starterMapping } from './starter-flows';

export interface InstallStarterOptions {
  region: StarterRegion;
  /** Switch the writing flows on, and ask for an X3 read and a drain of each at once (the sandbox trial). */
  enable: boolean;
  pollSeconds: number;
  actor: AuditActor;
  origin: RequestOrigin;
}

export interface StarterInstallReport {
  region: StarterRegion;
  mappingsInstalled: Array<{ entity: string; direction: string; version: number }>;
  flowsInstalled: Array<{ flowKey: string; enabled: boolean }>;
}

/**
 * Installs the starter mappings (the region's templates, both directions for both-ways flows) and
 * the starter flow documents of an integration. Idempotent: a mapping or flow the integration
 * already has is left exactly as it is, so a second run changes nothing (and never overwrites an
 * edit). Each save is audited in its own transaction; a run cut short is completed by the next.
 */
export class StarterFlows {
  constructor(
    private readonly mappings: MappingVersions,
    private readonly flows: FlowVersions,
    private readonly audit: AuditTrail,
    private readonly jobs: JobProducer,
  ) {}

  async install(tenantId: string, integrationId: string, opts: InstallStarterOptions): Promise<StarterInstallReport> {
    const report: StarterInstallReport = { region: opts.region, mappingsInstalled: [], flowsInstalled: [] };
    const by = { actor: opts.actor, origin: opts.origin };
    const haveMappings = new Set(
      (await this.mappings.list(tenantId, integrationId)).map((m) => `${m.entity}/${m.direction}`),
    );
    for (const flow of STARTER_FLOWS) {
      for (const direction of mappingDirectionsOf(flow.direction)) {
        if (haveMappings.has(`${flow.entity}/${direction}`)) continue;
        const saved = await this.mappings.save(
          tenantId,
          { integrationId, entity: flow.entity, direction },
          {
            document: starterMapping(opts.region, flow.entity, direction),
            comment: `Starter template (${opts.region})`,
          },
          by,
        );
        haveMappings.add(`${flow.entity}/${direction}`);
        report.mappingsInstalled.push({ entity: flow.entity, direction, version: saved.version });
      }
    }

    const haveFlows = new Set((await this.flows.list(tenantId, integrationId)).map((f) => f.flowKey));
    for (const flow of STARTER_FLOWS) {
      if (haveFlows.has(flow.flowKey)) continue;
      const document = starterFlowDocument(flow, { pollSeconds: opts.pollSeconds, enabled: opts.enable });
      await this.flows.save(tenantId, integrationId, flow.flowKey, document, {
        authorUserId: opts.actor.kind === 'user' ? opts.actor.id : null,
        alsoWithin: async (m, saved) => {
          await this.audit.record(m, tenantId, {
            actor: opts.actor,
            action: 'flow.installed',
            targetType: 'flow_version',
            targetId: saved.id,
            details: { integrationId, flowKey: flow.flowKey, version: saved.version, enabled: document.enabled },
            origin: opts.origin,
          });
          if (document.enabled) {
            await runFlowNow(this.jobs, m, tenantId, { integrationId, flowKey: flow.flowKey }, true);
          }
        },
      });
      report.flowsInstalled.push({ flowKey: flow.flowKey, enabled: document.enabled });
    }
    return report;
  }
}
