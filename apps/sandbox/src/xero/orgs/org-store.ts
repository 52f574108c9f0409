import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { SandboxClock } from '../core/sandbox-clock';
import { notFound } from '../core/xero-errors';
import { OrgSession, SandboxOrgSettings } from '../db/entity-store';
import { OrgCollectionsCache } from '../db/org-collections-cache';
import { WebhookQueue } from '../webhooks/webhook-queue';

/** Runs work on one organisation's data in a transaction, serialised per organisation. */
@Injectable()
export class OrgStore {
  constructor(
    private readonly db: SandboxDatabase,
    @Inject(SandboxClock) private readonly clock: SandboxClock,
    private readonly webhooks: WebhookQueue,
  ) {}

  private readonly collections = new OrgCollectionsCache();

  /**
   * Writers take the organisation's lock (uniqueness checks need it); readers need not. After the
   * commit, the collections the work saw are kept for the next request (org-collections-cache.ts).
   */
  async run<T>(orgId: string, work: (s: OrgSession) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> {
    let keep: (() => void) | undefined;
    const result = await this.db.transaction(async (client) => {
      if (!opts.readOnly) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`xero-org:${orgId}`]);
      const { rows } = await client.query<{
        doc: Record<string, unknown>;
        settings: SandboxOrgSettings;
        rev: string | null;
      }>('SELECT doc, sandbox_settings AS settings, entity_rev AS rev FROM xero_orgs WHERE id = $1', [orgId]);
      if (!rows[0]) throw notFound('Organisation not found');
      const { rev } = rows[0];
      const session = new OrgSession(
        client,
        orgId,
        rows[0].doc,
        this.clock.now(),
        rows[0].settings,
        this.collections.at(orgId, rev),
      );
      const result = await work(session);
      if ((await session.flush()) > 0) {
        const next = randomUUID();
        await client.query('UPDATE xero_orgs SET entity_rev = $2 WHERE id = $1', [orgId, next]);
        keep = () => this.collections.publish(orgId, rev, next, session.loaded());
      } else if (rev && session.loadedFromDatabase()) {
        // a reader (no lock): what it loaded is of `rev` only if no write committed meanwhile
        const again = await client.query<{ rev: string | null }>(
          'SELECT entity_rev AS rev FROM xero_orgs WHERE id = $1',
          [orgId],
        );
        if (again.rows[0]?.rev === rev) keep = () => this.collections.publish(orgId, rev, rev, session.loaded());
      }
      // Events are stored in the same transaction as the change: a committed change always notifies.
      await this.webhooks.enqueue(client, orgId, session.events, session.now);
      return result;
    });
    keep?.();
    return result;
  }
}
