// The xero-to-x3 mapping version a flow's transform step names ('active' or a pinned number).
import type { MappingDocument, MappingVersions } from '#lb/mapping';
import type { FlowDocument } from '../flows/flow-document';
import type { Integration } from '#lb/integrations';

export interface FlowMappingDeps {
  versions: Pick<MappingVersions, 'get'>;
}

export async function loadXeroToX3Mapping(
  deps: FlowMappingDeps,
  tenantId: string,
  run: { integration: Integration; document: FlowDocument },
  /** The version a replay pinned the claim's changes to (pinnedVersionOf), which then wins. */
  pinned: number | null = null,
): Promise<{ document: MappingDocument; version: number } | { error: string }> {
  const step = run.document.steps.find((s) => s.kind === 'transform' && s.mapping.direction === 'xero-to-x3');
  const ref = step?.kind === 'transform' ? step.mapping : undefined;
  const key = { integrationId: run.integration.id, entity: run.document.entity, direction: 'xero-to-x3' as const };
  const named = ref?.version === 'active' ? undefined : ref?.version;
  try {
    const view = await deps.versions.get(tenantId, key, pinned ?? named);
    return { document: view.document as unknown as MappingDocument, version: view.version };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
