// Pending changes moved through the drain's own store (accept → claim → settle), for the dashboard
// and records suites: what the drain leaves behind, without a worker.
import { INestApplication } from '@nestjs/common';
import { TenantTransactions } from '#lb/database';
import { StarterFlows, PendingChanges, Settlement } from '#lb/sync';
import type { CanonicalEntity } from '#lb/mapping';
import type { Member } from './flows-world';
import { change, connectXero, newOrg, read, XeroWorld } from './xero-world';

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

/**
 * A second integration for a member already paired by pairByHand: a second Xero organisation of the
 * same Xero user (one integration per organisation), paired with the member's X3 connection.
 */
export async function pairSecond(world: XeroWorld, member: Member, name: string): Promise<string> {
  const second = await newOrg(world, member.org.userEmail);
  await connectXero(world, member.browser, member.org, [member.org.tenantId, second.tenantId]);
  const connections = (await read(world, member.browser, '/api/connections')).body as {
    xero: Array<{ id: string; xeroTenantId: string }>;
    x3: Array<{ id: string }>;
  };
  const pair = await change(world, member.browser, 'POST', '/api/integrations', {
    name,
    xeroConnectionId: connections.xero.find((c) => c.xeroTenantId === second.tenantId)!.id,
    x3ConnectionId: connections.x3[0].id,
    x3Company: 'NZ10',
  });
  if (pair.status !== 201) throw new Error(`second pairing refused: ${pair.status} ${JSON.stringify(pair.body)}`);
  return pair.body.id as string;
}
