// Pending changes moved through the drain's own store (accept → claim → settle), for the dashboard
// and records suites: what the drain leaves behind, without a worker.
import { INestApplication } from '@nestjs/common';
import { TenantTransactions } from '#lb/database';
import { StarterFlows, PendingChanges, Settlement } from '#lb/sync';
import type { CanonicalEntity } from '#lb/mapping';

export interface Moved {
  sourceKey: string;
  source: Record<string, unknown>;
  /** How the drain settles it; omitted: accepted only (left pending). */
  settle?: Settlement;
}

/** The starter flows installed but off, as for a real pair before anyone switches them on. */
export async function installStarterFlows(app: INestApplication, tenantId: string, integrationId: string) {
  await app.get(StarterFlows).install(tenantId, integrationId, {
    region: 'NZ',
    enable: false,
    pollSeconds: 60,
    actor: { kind: 'system', id: 'test' },
    origin: { ip: '127.0.0.1', userAgent: 'test' },
  });
}

/** Accepts the changes of one flow, claims them all in one claim and settles each as given. */
export async function moveThrough(
  app: INestApplication,
  tenantId: string,
  scope: { integrationId: string; flowKey: string; entity: CanonicalEntity },
  changes: Moved[],
): Promise<void> {
  const tx = app.get(TenantTransactions);
  const pending = new PendingChanges();
  const flow = { integrationId: scope.integrationId, flowKey: scope.flowKey };
  const toSettle = changes.filter((c) => c.settle);
  await tx.run(tenantId, (m) =>
    pending.accept(
      m,
      tenantId,
      toSettle.map((c) => ({
        ...flow,
        entity: scope.entity,
        direction: 'x3-to-xero',
        sourceKey: c.sourceKey,
        lane: 2,
        source: c.source,
      })),
    ),
  );
  const claim = await tx.run(tenantId, (m) => pending.claim(m, flow, 50));
  if (claim.changes.length !== toSettle.length)
    throw new Error(`claimed ${claim.changes.length} of ${toSettle.length}`);
  await tx.run(tenantId, async (m) => {
    for (const c of claim.changes) {
      const settled = await pending.settle(
        m,
        c,
        claim.claimId,
        toSettle.find((t) => t.sourceKey === c.sourceKey)!.settle!,
      );
      if (!settled) throw new Error(`${c.sourceKey} not settled`);
    }
  });
  const left = changes.filter((c) => !c.settle);
  await tx.run(tenantId, (m) =>
    pending.accept(
      m,
      tenantId,
      left.map((c) => ({
        ...flow,
        entity: scope.entity,
        direction: 'x3-to-xero',
        sourceKey: c.sourceKey,
        lane: 2,
        source: c.source,
      })),
    ),
  );
}
