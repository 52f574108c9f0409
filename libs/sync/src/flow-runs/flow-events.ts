// Events graph runs wait for, as the engine sees them come in. 'x3:delivery-validated': an X3 poll
// accepted a validated delivery (SDELIVERY) of a sales order — the flow reading deliveries (an orders
// flow drafting on shipment) is where the engine observes it. Each is stored once, and the runs
// parked waiting for it are woken: their drain takes the 'event' edge.
import { EntityManager } from 'typeorm';
import { JobProducer } from '#lb/queues';
import { FlowEventKind } from '../flows/flow-graph';
import { SyncFlowRun } from './flow-run.entity';
import { wakeRunChange } from './run-changes';

export interface ObservedEvent {
  kind: FlowEventKind;
  subject: string;
  detail: Record<string, unknown>;
}

const keyOf = (v: unknown): string | undefined => {
  if (typeof v === 'string' && v) return v;
  const id = (v as { _id?: unknown } | null | undefined)?._id;
  return typeof id === 'string' && id ? id : undefined;
};

/** The events an accepted page of X3 records carries: validated deliveries, by their order. */
export function x3EventsOf(node: string, records: Array<Record<string, unknown>>): ObservedEvent[] {
  if (node !== 'salesDelivery') return [];
  const events: ObservedEvent[] = [];
  for (const r of records) {
    const order = keyOf(r.salesOrder);
    if (r.isValidated === true && order) {
      events.push({ kind: 'x3:delivery-validated', subject: order, detail: { node, key: keyOf(r._id) ?? null } });
    }
  }
  return events;
}

/** Stores the events (the first sighting is kept) and wakes the runs waiting for them. */
export async function observeFlowEvents(
  m: EntityManager,
  jobs: JobProducer,
  tenantId: string,
  integrationId: string,
  events: ObservedEvent[],
): Promise<number> {
  if (!events.length) return 0;
  for (const e of events) {
    await m.query(
      `INSERT INTO sync_flow_events (tenant_id, integration_id, kind, subject, detail)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (tenant_id, integration_id, kind, subject) DO NOTHING`,
      [tenantId, integrationId, e.kind, e.subject, JSON.stringify(e.detail)],
    );
  }
  const waiting = await m
    .createQueryBuilder(SyncFlowRun, 'r')
    .setLock('pessimistic_write')
    .where('r.integration_id = :integrationId AND r.state = :state AND r.waiting_for IN (:...keys)', {
      integrationId,
      state: 'waiting',
      keys: events.map((e) => `${e.kind}:${e.subject}`),
    })
    .getMany();
  for (const run of waiting) await wakeRunChange(m, jobs, run);
  return waiting.length;
}
