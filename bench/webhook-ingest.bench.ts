// Xero webhook ingest (issue 17): one api process, as production runs it, receives correctly
// signed Xero deliveries from enough concurrent senders to saturate it. Reports the events it
// acknowledges per second over the measured phase and the p99 of a delivery's time to its 200,
// then counts in PostgreSQL, by event identity (Xero tenant + category + resource + type + date,
// the inbox's dedupe key), every event sent — warm-up included — that is not stored: a lost event
// fails the run. Sizes: WEBHOOK_INGEST_EVENTS (default 20,000 measured events),
// WEBHOOK_INGEST_BATCH (events per delivery, default 1: the costliest case for the api; Xero's
// payload is a list of events, each naming its organisation, numbered by first/lastEventSequence),
// WEBHOOK_INGEST_SENDERS (concurrent senders, default 64).
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { XeroEvent } from '#lb/connectors/xero';
import { KeyRing, SecretBox, SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { ownerDataSource, requireEnv, runtimeDataSource } from '#lb/testing';
import { tenantWithXeroOrg } from '../apps/api/test/xero-tenant';
import { backendCpu, cpuMs, percentile, rssMb, startBenchApi } from './api-process-stats';
import type { BenchMetric } from './bench-types';

const log = (m: string) => process.stderr.write(`webhook-ingest: ${m}\n`);
const EVENTS = Number(process.env.WEBHOOK_INGEST_EVENTS) || 20_000;
const BATCH = Number(process.env.WEBHOOK_INGEST_BATCH) || 1;
const SENDERS = Number(process.env.WEBHOOK_INGEST_SENDERS) || 64;
const WARM_UP_EVENTS = Math.min(1_000, EVENTS / 10);
const ORGS = 20;
const KEY = `bench-webhook-key-${randomUUID()}`;
const TARGET_EVENTS_PER_S = 1_000;
const TARGET_ACK_P99_MS = 100;
const EVENT_DATE = new Date().toISOString().replace('Z', '');

interface SentEvent {
  tenantId: string;
  resourceId: string;
}

/** Xero's delivery shape for `events`, its signature, and the identities it carries. */
function delivery(orgs: string[], n: number, seq: number): { body: string; signature: string; sent: SentEvent[] } {
  const sent: SentEvent[] = [];
  const events = Array.from({ length: n }, (_, i) => {
    const tenantId = orgs[(seq + i) % orgs.length];
    const resourceId = randomUUID();
    sent.push({ tenantId, resourceId });
    return {
      resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${resourceId}`,
      resourceId,
      eventDateUtc: EVENT_DATE,
      eventType: 'UPDATE',
      eventCategory: 'INVOICE',
      tenantId,
      tenantType: 'ORGANISATION',
    };
  });
  // Xero numbers events from 1 (a sequence of 0 is its intent-to-receive probe) and varies the entropy
  const body = JSON.stringify({
    events,
    firstEventSequence: seq + 1,
    lastEventSequence: seq + n,
    entropy: randomUUID().replace(/-/g, '').slice(0, 20).toUpperCase(),
  });
  return { body, signature: createHmac('sha256', KEY).update(body).digest('base64'), sent };
}

/** Sends `total` events in deliveries of BATCH from SENDERS concurrent senders; each delivery's time to its answer. */
async function send(url: string, orgs: string[], total: number, sent: SentEvent[], failures: Record<string, number>) {
  const acks: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      for (;;) {
        const seq = next;
        const n = Math.min(BATCH, total - seq);
        if (n <= 0) return;
        next += n;
        const d = delivery(orgs, n, seq);
        const t0 = performance.now();
        const status = await fetch(`${url}/api/xero/webhooks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-xero-signature': d.signature },
          body: d.body,
          signal: AbortSignal.timeout(30_000),
        }).then(
          async (res) => (await res.arrayBuffer(), String(res.status)),
          (e: Error) => e.name,
        );
        acks.push(performance.now() - t0);
        sent.push(...d.sent);
        if (status !== '200') failures[status] = (failures[status] ?? 0) + 1;
      }
    }),
  );
  return acks;
}

/** Sent events the inbox does not hold, by identity. */
async function lostEvents(owner: DataSource, sent: SentEvent[]): Promise<number> {
  const [row] = await owner.query<Array<{ lost: string }>>(
    `SELECT count(*) AS lost FROM unnest($1::text[], $2::text[]) s(tenant, resource)
     WHERE NOT EXISTS (SELECT 1 FROM xero_webhook_inbox i WHERE i.xero_tenant_id = s.tenant
       AND i.event_category = 'INVOICE' AND i.resource_id = s.resource AND i.event_type = 'UPDATE'
       AND i.event_date_utc = $3)`,
    [sent.map((s) => s.tenantId), sent.map((s) => s.resourceId), EVENT_DATE],
  );
  return Number(row.lost);
}

export default async function (): Promise<BenchMetric[]> {
  const owner = await ownerDataSource();
  const ds = await runtimeDataSource(2);
  const tx = new TenantTransactions(ds);
  const secrets = new SecretStore(
    new SecretBox(KeyRing.parse(requireEnv('SECRETS_KEYS'), requireEnv('SECRETS_ACTIVE_KEY_ID'))),
  );
  const orgs: string[] = [];
  const tenants: string[] = [];
  for (let i = 0; i < ORGS; i++) {
    const org = randomUUID();
    orgs.push(org);
    tenants.push((await tenantWithXeroOrg(tx, secrets, org)).tenantId);
  }
  const api = await startBenchApi({ XERO_WEBHOOK_KEY: KEY }, process.env.WEBHOOK_INGEST_CPU_PROF);
  const sent: SentEvent[] = [];
  const failures: Record<string, number> = {};
  let acks: number[] = [];
  let ms = 0;
  let apiCpu = 0;
  let dbCpu = 0;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(api.pid))), 100);
  try {
    await send(api.url, orgs, WARM_UP_EVENTS, sent, failures); // JIT, pools, plans
    const apiCpu0 = cpuMs(api.pid);
    const dbCpu0 = await backendCpu(owner);
    const t0 = performance.now();
    acks = await send(api.url, orgs, EVENTS, sent, failures);
    ms = performance.now() - t0;
    apiCpu = cpuMs(api.pid) - apiCpu0;
    for (const [pid, used] of await backendCpu(owner)) dbCpu += used - (dbCpu0.get(pid) ?? 0);
  } finally {
    clearInterval(sampler);
    await api.stop();
  }
  try {
    const lost = await lostEvents(owner, sent);
    let routed = 0;
    for (const tenantId of tenants)
      routed += await tx.run(tenantId, (m) => m.count(XeroEvent, { where: { eventDateUtc: EVENT_DATE } }));
    const nonOk = Object.values(failures).reduce((a, b) => a + b, 0);
    if (nonOk) log(`answers other than 200: ${JSON.stringify(failures)}`);
    const eventsPerS = Math.round(EVENTS / (ms / 1000));
    const p99 = Math.round(percentile(acks, 0.99) * 10) / 10;
    const shape = `${BATCH} event(s) per delivery, ${SENDERS} concurrent senders, ${EVENTS} events`;
    const perEvent = (cpu: number) => Math.round((cpu / EVENTS) * 1000) / 1000;
    const metrics: BenchMetric[] = [
      {
        name: 'webhook_ingest_events_per_s',
        value: eventsPerS,
        unit: `events/s acknowledged by one api process (${shape})`,
        target: `>= ${TARGET_EVENTS_PER_S}`,
        met: eventsPerS >= TARGET_EVENTS_PER_S,
      },
      {
        name: 'webhook_ack_p99_ms',
        value: p99,
        unit: `ms from sending a delivery to its answer (${shape})`,
        target: `< ${TARGET_ACK_P99_MS}`,
        met: p99 < TARGET_ACK_P99_MS,
      },
      {
        name: 'webhook_ack_p50_ms',
        value: Math.round(percentile(acks, 0.5) * 10) / 10,
        unit: 'ms',
        target: 'informational',
      },
      {
        name: 'webhook_ingest_lost',
        value: lost,
        unit: `events sent (${sent.length}, warm-up included) not in the inbox`,
        target: '0',
        met: lost === 0,
      },
      {
        name: 'webhook_ingest_non_200',
        value: nonOk,
        unit: 'deliveries answered other than 200 (Xero would retry them)',
        target: '0',
        met: nonOk === 0,
      },
      {
        name: 'webhook_ingest_routed',
        value: routed,
        unit: `events in their tenant's xero_events of ${sent.length} (the rest the re-routing sweep takes)`,
        target: 'informational',
      },
      {
        name: 'webhook_ingest_api_cpu_ms_per_event',
        value: perEvent(apiCpu),
        unit: 'ms, api process',
        target: 'informational',
      },
      {
        name: 'webhook_ingest_db_cpu_ms_per_event',
        value: perEvent(dbCpu),
        unit: 'ms, PostgreSQL backends',
        target: 'informational',
      },
      {
        name: 'webhook_ingest_api_peak_rss_mb',
        value: peakRss,
        unit: 'MB, api process, sampled every 100 ms',
        target: 'informational',
      },
    ];
    for (const m of metrics) log(`${m.name} = ${m.value} ${m.unit}`);
    return metrics;
  } finally {
    await ds.destroy();
    await owner.destroy();
  }
}
