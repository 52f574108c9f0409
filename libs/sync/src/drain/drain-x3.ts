// The drain's X3 connection, opened only when a step needs X3 (a prerequisite read, a write-back):
// its settings read in a short tenant transaction, the transport used outside any transaction.
import { X3Connection, X3ConnectionStore, X3Transport } from '#lb/connectors/sage-x3';
import type { DrainContext } from './drain-context';
import type { DrainDeps } from './drain-options';

export async function openDrainX3(d: DrainDeps, context: DrainContext): Promise<X3Transport> {
  const store = new X3ConnectionStore(d.secrets);
  const settings = await d.tx.run(context.integration.tenantId, async (m) => {
    const conn = await m.findOneOrFail(X3Connection, { where: { id: context.integration.x3ConnectionId } });
    return store.settings(m, conn, false);
  });
  return d.createX3Transport({
    ...settings,
    companies: [context.integration.x3Company],
    allowPrivateTargets: d.allowPrivateFor(settings.baseUrl),
  });
}
