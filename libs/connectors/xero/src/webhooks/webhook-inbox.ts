import { DataSource, EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { XeroEvent } from '../entities/xero-event.entity';
import { XeroRouting } from '../connections/xero-routing';

export interface XeroWebhookEvent {
  resourceUrl?: string;
  resourceId: string;
  eventDateUtc: string;
  eventType: string;
  eventCategory: string;
  tenantId: string;
  tenantType?: string;
}

export interface RoutedEvent {
  tenantId: string;
  eventId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class MalformedWebhookError extends Error {}

/** Parses a verified body; anything that is not Xero's shape is refused before storage. */
export function parseWebhookBody(raw: Buffer): XeroWebhookEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new MalformedWebhookError('body is not JSON');
  }
  return webhookEvents(body);
}

/** The events of a verified body already parsed (the api's body parser kept the raw bytes too). */
export function webhookEvents(body: unknown): XeroWebhookEvent[] {
  const events = (body as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) throw new MalformedWebhookError('events[] missing');
  return events.map((e: Record<string, unknown>) => {
    if (typeof e !== 'object' || e === null) throw new MalformedWebhookError('event is not an object');
    for (const f of ['resourceId', 'eventDateUtc', 'eventType', 'eventCategory', 'tenantId']) {
      if (typeof e[f] !== 'string' || !e[f].length || e[f].length > 200)
        throw new MalformedWebhookError(`event field ${f} missing`);
    }
    return e as unknown as XeroWebhookEvent;
  });
}

export interface ReceivedDelivery {
  /** Events new to the inbox (a repeat of a stored event is not stored again). */
  stored: number;
  /** Events recorded in their tenant's xero_events, each with its fetch job in the outbox. */
  routed: number;
  /** Events no live connection owns (kept as 'unrouted'). */
  unrouted: number;
}

/**
 * The durable inbox. `receive` takes a whole delivery in one statement (lb_xero_inbox_receive):
 * every event stored in the global inbox (deduplicated on Xero tenant + category + resource +
 * type + eventDateUtc) and routed in SQL to the tenant owning its organisation, each tenant's
 * rows written in that tenant's context, with one outbox row per event's fetch job; all of it
 * commits before the call returns. If it throws, nothing is stored and the endpoint answers
 * non-200, so Xero retries. `route` is the re-routing sweep's path for events left 'received'.
 */
export class XeroWebhookInboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TenantTransactions,
    private readonly routing: XeroRouting,
  ) {}

  /** `lane`: the outbox lane (the Redis) the fetch jobs are for. */
  async receive(events: XeroWebhookEvent[], lane: string): Promise<ReceivedDelivery> {
    if (events.length === 0) return { stored: 0, routed: 0, unrouted: 0 };
    const column = (f: (e: XeroWebhookEvent) => string | null) => events.map(f);
    const [row]: Array<{ stored: number; routed: number; unrouted: number }> = await this.dataSource.query(
      'SELECT * FROM lb_xero_inbox_receive($1, $2, $3, $4, $5, $6, $7, $8)',
      [
        column((e) => e.tenantId),
        column((e) => e.eventCategory),
        column((e) => e.resourceId),
        column((e) => e.eventType),
        column((e) => e.eventDateUtc),
        column((e) => (typeof e.resourceUrl === 'string' ? e.resourceUrl : null)),
        column((e) => (typeof e.tenantType === 'string' ? e.tenantType : null)),
        lane,
      ],
    );
    return row;
  }

  /**
   * Routes one stored event; null when no tenant owns the organisation (kept as 'unrouted').
   * `andThen` runs inside the tenant transaction that records the event, so the work it hands on
   * (the outbox row of the fetch job) commits with the event or not at all.
   */
  async route(
    inboxId: string,
    e: XeroWebhookEvent,
    andThen: (manager: EntityManager, routed: RoutedEvent) => Promise<void>,
  ): Promise<RoutedEvent | null> {
    const owner = UUID.test(e.tenantId) && UUID.test(e.resourceId) ? await this.routing.owner(e.tenantId) : null;
    if (!owner) {
      await this.dataSource.query('SELECT lb_xero_inbox_mark($1, $2, NULL)', [inboxId, 'unrouted']);
      return null;
    }
    const eventId = await this.tx.run(owner.tenantId, async (m) => {
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(XeroEvent)
        .values({
          tenantId: owner.tenantId,
          connectionId: owner.connectionId,
          inboxId,
          eventCategory: e.eventCategory,
          eventType: e.eventType,
          resourceId: e.resourceId.toLowerCase(),
          eventDateUtc: e.eventDateUtc,
          status: 'pending',
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      // A new row is pending by definition: no read back (one round trip less per event on the
      // webhook's hot path). A conflict returns nothing, and the existing row says what is left to do.
      const rows = inserted.raw as Array<{ id: string }>;
      const row = rows[0]
        ? { id: rows[0].id, status: 'pending' }
        : await m.findOneOrFail(XeroEvent, { where: { inboxId } });
      // Only a newly recorded (still pending) event hands on work; a re-route of a handled one does not.
      if (row.status === 'pending') await andThen(m, { tenantId: owner.tenantId, eventId: row.id });
      return row.id;
    });
    await this.dataSource.query('SELECT lb_xero_inbox_mark($1, $2, $3)', [inboxId, 'routed', owner.tenantId]);
    return { tenantId: owner.tenantId, eventId };
  }

  /** Stored but never routed (a process died in between): for the re-routing sweep. */
  async unrouted(
    olderThanSeconds: number,
    limit: number,
  ): Promise<Array<{ inboxId: string; event: XeroWebhookEvent }>> {
    const rows: Array<{
      inbox_id: string;
      xero_tenant_id: string;
      event_category: string;
      resource_id: string;
      event_type: string;
      event_date_utc: string;
    }> = await this.dataSource.query('SELECT * FROM lb_xero_inbox_unrouted($1, $2)', [olderThanSeconds, limit]);
    return rows.map((r) => ({
      inboxId: r.inbox_id,
      event: {
        tenantId: r.xero_tenant_id,
        eventCategory: r.event_category,
        resourceId: r.resource_id,
        eventType: r.event_type,
        eventDateUtc: r.event_date_utc,
      },
    }));
  }
}
