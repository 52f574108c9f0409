// A routed Xero webhook event becomes pending changes (lane webhook, source null = "fetch it")
// of every enabled flow that reads its resource. No Xero call here: the drain fetches the changed
// ids 50 per call. The event row is marked in the same transaction, so an event delivered (or a
// job run) twice is one change.
import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { JobProducer } from '#lb/queues';
import { requestDrain } from '../pending/drain-jobs';
import { LANES } from '../pending/lanes';
import { NewPendingChange, PendingChanges } from '../pending/pending-changes.service';
import { echoesOf } from './echo-filter';
import { copyKeepingFlows, xeroReadingFlows } from './xero-flows';
import { requestXeroPollOnce } from './xero-poller';
import { entitiesOfCategory } from './xero-resources';

export type IntakeResult =
  /** Handed to these flows. */
  | { status: 'queued'; flowKeys: string[] }
  /** No enabled flow reads it (or no integration uses the connection). */
  | { status: 'skipped'; reason: string }
  /** Already handled by an earlier run, or unknown. */
  | { status: 'already' | 'missing' };

interface EventRow {
  id: string;
  connection_id: string;
  event_category: string;
  resource_id: string;
  event_date_utc: string;
  status: string;
}

/** Xero's eventDateUtc carries no zone ("2017-06-21T01:15:39.902"); it is UTC. */
export function eventTimeMs(eventDateUtc: string): number {
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(eventDateUtc) ? eventDateUtc : `${eventDateUtc}Z`);
}

export class XeroWebhookIntake {
  private readonly pending = new PendingChanges();

  constructor(
    private readonly tx: TenantTransactions,
    private readonly jobs: JobProducer,
  ) {}

  handle(tenantId: string, eventId: string): Promise<IntakeResult> {
    return this.tx.run(tenantId, (m) => this.handleWithin(m, tenantId, eventId));
  }

  /** In the caller's transaction: the event's changes, its drain jobs and its mark commit together. */
  async handleWithin(m: EntityManager, tenantId: string, eventId: string): Promise<IntakeResult> {
    // The row lock makes a concurrent second run wait, then see it handled.
    const [event] = await m.query<EventRow[]>(
      `SELECT id, connection_id, event_category, resource_id, event_date_utc, status FROM xero_events WHERE id = $1 FOR UPDATE`,
      [eventId],
    );
    if (!event) return { status: 'missing' };
    if (event.status !== 'pending') return { status: 'already' };
    const entities = entitiesOfCategory(event.event_category);
    const integrations = entities.length
      ? await m.find(Integration, { where: { xeroConnectionId: event.connection_id } })
      : [];
    const changes: NewPendingChange[] = [];
    let echoes = 0;
    const refreshed: string[] = [];
    const stamp = { xeroId: event.resource_id.toLowerCase(), updatedMs: eventTimeMs(event.event_date_utc) };
    for (const integration of integrations) {
      for (const flow of await xeroReadingFlows(m, integration.id, entities)) {
        // our own write announced, or a repeat: nothing changed in Xero since we wrote (or last read) it
        const scope = { integrationId: integration.id, entity: flow.document.entity };
        if ((await echoesOf(m, scope, [stamp])).size) {
          echoes++;
          continue;
        }
        changes.push({
          integrationId: integration.id,
          flowKey: flow.flowKey,
          entity: flow.document.entity,
          direction: 'xero-to-x3',
          sourceKey: event.resource_id,
          lane: LANES.webhook,
          source: null,
        });
      }
      // a flow writing invoices or bills to Xero only: the edit (or a document keyed in Xero) is
      // polled into reconciliation's copies, never carried to X3; our own write coming back is not
      for (const flow of await copyKeepingFlows(m, integration.id, entities)) {
        const scope = { integrationId: integration.id, entity: flow.document.entity };
        if ((await echoesOf(m, scope, [stamp])).size) continue;
        await requestXeroPollOnce(this.jobs, tenantId, { integrationId: integration.id, flowKey: flow.flowKey }, m);
        refreshed.push(flow.flowKey);
      }
    }
    if (!changes.length && refreshed.length) {
      const detail = `copies of ${refreshed.join(', ')} refreshed (a flow writing Xero only)`;
      await this.mark(m, eventId, 'queued', detail);
      return { status: 'queued', flowKeys: refreshed };
    }
    if (!changes.length) {
      const reason = echoes
        ? 'nothing new: not newer than what we last wrote or read (our own write, or a repeat)'
        : entities.length
          ? `no enabled flow reads ${event.event_category}`
          : `category ${event.event_category} is not synced`;
      await this.mark(m, eventId, 'skipped', reason);
      return { status: 'skipped', reason };
    }
    await this.pending.accept(m, tenantId, changes);
    for (const c of changes) await requestDrain(this.jobs, tenantId, c, LANES.webhook, m);
    const flowKeys = changes.map((c) => c.flowKey);
    await this.mark(m, eventId, 'queued', `pending change of ${flowKeys.join(', ')}`);
    return { status: 'queued', flowKeys };
  }

  private async mark(m: EntityManager, id: string, status: 'queued' | 'skipped', detail: string): Promise<void> {
    await m.query(`UPDATE xero_events SET status = $2, detail = $3, processed_at = now() WHERE id = $1`, [
      id,
      status,
      detail,
    ]);
  }
}
