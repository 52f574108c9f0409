import { Inject, Injectable } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { SandboxClock } from '../core/sandbox-clock';
import { notFound } from '../core/xero-errors';
import { OrgSession, SandboxOrgSettings } from '../db/entity-store';
import { WebhookQueue } from '../webhooks/webhook-queue';

/** Runs work on one organisation's data in a transaction, serialised per organisation. */
@Injectable()
export class OrgStore {
  constructor(
    private readonly db: SandboxDatabase,
    @Inject(SandboxClock) private readonly clock: SandboxClock,
    private readonly webhooks: WebhookQueue,
  ) {}

  /** Writers take the organisation's lock (uniqueness checks need it); readers need not. */
  run<T>(orgId: string, work: (s: OrgSession) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> {
    return this.db.transaction(async (client) => {
      if (!opts.readOnly) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`xero-org:${orgId}`]);
      const { rows } = await client.query<{ doc: Record<string, unknown>; settings: SandboxOrgSettings }>(
        'SELECT doc, sandbox_settings AS settings FROM xero_orgs WHERE id = $1',
        [orgId],
      );
      if (!rows[0]) throw notFound('Organisation not found');
      const session = new OrgSession(client, orgId, rows[0].doc, this.clock.now(), rows[0].settings);
      const result = await work(session);
      await session.flush();
      // Events are stored in the same transaction as the change: a committed change always notifies.
      await this.webhooks.enqueue(client, orgId, session.events, session.now);
      return result;
    });
  }
}
