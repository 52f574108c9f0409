// Opens the integration's X3 connection: its settings read (secret opened) in the caller's short
// tenant transaction, the transport then used outside any transaction.
import { EntityManager } from 'typeorm';
import { SecretStore } from '#lb/crypto';
import { createX3Transport, X3Connection, X3ConnectionStore, X3Transport } from '#lb/connectors/sage-x3';
import type { Integration } from '#lb/integrations';

export type X3Opener = (m: EntityManager, integration: Integration) => Promise<X3Transport>;

/** The product's opener: the connection's company scope narrowed to the integration's company. */
export function x3OpenerFor(secrets: SecretStore, allowPrivateFor: (baseUrl: string) => boolean): X3Opener {
  const store = new X3ConnectionStore(secrets);
  return async (m, integration) => {
    const conn = await m.findOneOrFail(X3Connection, { where: { id: integration.x3ConnectionId } });
    const settings = await store.settings(m, conn, allowPrivateFor(conn.baseUrl));
    return createX3Transport({ ...settings, companies: [integration.x3Company] });
  };
}
