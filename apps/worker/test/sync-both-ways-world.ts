// What the both-ways proof (sync-both-ways.e2e-spec.ts) does to a SyncWorld tenant: Xero's
// webhooks switched on as a developer does it (URL + "Intent to receive"), pause and resume as an
// admin, edits as users make them (X3's control API; Xero through another app's Accounting API
// calls, so Xero sends our app its webhooks), both sides read back, and our writes counted per
// record: Xero's from our persisted write batches, X3's from the recording proxy (x3-write-log.ts).
import { createX3Transport } from '#lb/connectors/sage-x3';
import { change } from '../../api/test/xero-world';
import { http } from '../../sandbox/src/xero/testing/sandbox-harness';
import { openCount } from './sync-probe';
import { SyncTenant, SyncWorld } from './sync-world';

/** Contacts per Xero write: real Xero asks for at most 50 elements per call. */
const XERO_CHUNK = 50;

/** Points the app's webhook at our api and passes Xero's "Intent to receive" (as the developer portal does). */
export async function switchOnWebhooks(world: SyncWorld): Promise<void> {
  const basic = `Basic ${Buffer.from(`${world.app.clientId}:${world.app.clientSecret}`).toString('base64')}`;
  const portal = `${world.sandbox.url}/xero-developer/apps/${world.app.clientId}`;
  const set = await http(portal, {
    method: 'PATCH',
    headers: { authorization: basic },
    json: { webhookUrl: `${world.api.url}/api/xero/webhooks` },
  });
  if (set.status !== 200) throw new Error(`both-ways: webhook URL refused: ${set.status} ${set.text}`);
  const itr = await http(`${portal}/webhooks/intent-to-receive`, { method: 'POST', headers: { authorization: basic } });
  if (itr.status !== 200 || !(itr.body as { ok?: boolean }).ok)
    throw new Error(`both-ways: intent to receive failed: ${itr.status} ${itr.text}`);
}

/** Webhook deliveries the sandbox has not yet delivered to our app (its last 50 listed). */
export async function undeliveredWebhooks(world: SyncWorld): Promise<number> {
  const basic = `Basic ${Buffer.from(`${world.app.clientId}:${world.app.clientSecret}`).toString('base64')}`;
  const res = await http(`${world.sandbox.url}/xero-developer/apps/${world.app.clientId}/webhooks/deliveries`, {
    headers: { authorization: basic },
  });
  if (res.status !== 200) throw new Error(`both-ways: deliveries answered ${res.status}`);
  return (res.body as Array<{ status: string }>).filter((d) => d.status === 'PENDING').length;
}

/** The admin's pause or resume button. */
export async function setPaused(world: SyncWorld, t: SyncTenant, paused: boolean): Promise<void> {
  const path = `/api/integrations/${t.integrationId}/${paused ? 'pause' : 'resume'}`;
  const res = await change(world.asXeroWorld, t.admin, 'POST', path);
  if (res.status !== 200) throw new Error(`both-ways: ${path} answered ${res.status} ${JSON.stringify(res.body)}`);
}

/** A user renames an X3 customer (X3 stamps it to the second). */
export async function renameInX3(world: SyncWorld, t: SyncTenant, code: string, name: string): Promise<void> {
  const res = await world.x3(t, 'PATCH', `/customers/${code}`, { companyName: name });
  if (res.status !== 200)
    throw new Error(`both-ways: X3 refused renaming ${code}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Another app renames Xero contacts (50 per call); answers each contact's new UpdatedDateUTC (ms) by ContactID. */
export async function renameInXero(
  world: SyncWorld,
  t: SyncTenant,
  renames: Array<{ contactId: string; name: string }>,
): Promise<Map<string, number>> {
  const stamps = new Map<string, number>();
  for (let at = 0; at < renames.length; at += XERO_CHUNK) {
    const body = {
      Contacts: renames.slice(at, at + XERO_CHUNK).map((r) => ({ ContactID: r.contactId, Name: r.name })),
    };
    let res = await t.xeroRead('POST', '/Contacts?summarizeErrors=false', body);
    for (let tries = 0; res.status === 429 && tries < 30; tries++) {
      const wait = Number(res.headers.get('retry-after') ?? 1) * 1000;
      await new Promise((r) => setTimeout(r, Math.max(100, wait / world.clockScale))); // Xero asked for it
      res = await t.xeroRead('POST', '/Contacts?summarizeErrors=false', body);
    }
    const saved = (res.body as { Contacts?: Array<Record<string, unknown>> } | undefined)?.Contacts ?? [];
    if (res.status !== 200 || saved.some((c) => c.HasErrors) || saved.length !== body.Contacts.length)
      throw new Error(`both-ways: Xero refused renames: ${res.status} ${res.text.slice(0, 500)}`);
    for (const c of saved) stamps.set(String(c.ContactID), xeroInstant(c.UpdatedDateUTC));
  }
  return stamps;
}

/** Xero's "/Date(1700000000000+0000)/" (or an ISO string) as epoch ms. */
export function xeroInstant(value: unknown): number {
  const m = /\/Date\((-?\d+)/.exec(String(value));
  return m ? Number(m[1]) : Date.parse(String(value));
}

export interface SideRecord {
  name: string;
  /** X3 `_updateStamp` or Xero `UpdatedDateUTC`, epoch ms. */
  stamp: number;
}

/** Every X3 customer (code → name and update stamp), read through X3's API directly (not through the proxy). */
export async function x3Side(world: SyncWorld, t: SyncTenant): Promise<Map<string, SideRecord>> {
  const transport = createX3Transport({
    baseUrl: world.sandbox.url,
    endpoint: t.folder.folder,
    companies: [],
    auth: { kind: 'jwt', ...t.folder.connectedApplication },
    allowPrivateTargets: true,
  });
  const out = new Map<string, SideRecord>();
  try {
    for await (const r of transport.list('customer', { pageSize: 1000 })) {
      const name = typeof r.companyName === 'string' ? r.companyName : '';
      out.set(r._id, { name, stamp: Date.parse(String(r._updateStamp)) });
    }
  } finally {
    transport.close();
  }
  return out;
}

/** Xero's contacts that are not archived: ContactID → number, name and stamp. */
export async function xeroSide(world: SyncWorld, t: SyncTenant): Promise<Map<string, SideRecord & { number: string }>> {
  const out = new Map<string, SideRecord & { number: string }>();
  for (const c of await world.xeroList(t, 'Contacts')) {
    if (c.ContactStatus === 'ARCHIVED') continue;
    out.set(String(c.ContactID), {
      name: String(c.Name),
      number: typeof c.ContactNumber === 'string' ? c.ContactNumber : '',
      stamp: xeroInstant(c.UpdatedDateUTC),
    });
  }
  return out;
}

/** Our contact write batches so far (ids), to count what the batches after them carry. */
export async function contactBatchIds(world: SyncWorld, t: SyncTenant): Promise<Set<string>> {
  const rows = await world.owner.query<Array<{ id: string }>>(
    `SELECT id FROM xero_write_batches WHERE tenant_id = $1 AND connection_id = $2`,
    [t.tenantId, t.xeroConnectionId],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Contacts our writer sent to Xero in the batches not in `before`, per X3 code (ContactNumber, or the
 * code linked to the element's ContactID). Any other entity's batch is counted under its entity name.
 */
export async function xeroWritesSince(
  world: SyncWorld,
  t: SyncTenant,
  before: Set<string>,
  codeOfContact: Map<string, string>,
): Promise<Map<string, number>> {
  const rows = await world.owner.query<Array<{ id: string; entity: string; payload: Record<string, unknown> }>>(
    `SELECT id, entity, payload FROM xero_write_batches WHERE tenant_id = $1 AND connection_id = $2`,
    [t.tenantId, t.xeroConnectionId],
  );
  const counts = new Map<string, number>();
  const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const r of rows.filter((b) => !before.has(b.id))) {
    // the batch writer's wrapper is xero-node's ('contacts'); the elements are Xero's JSON
    const contacts = (r.payload.contacts ?? r.payload.Contacts) as Array<Record<string, unknown>> | undefined;
    if (!contacts) {
      add(`(${r.entity})`);
      continue;
    }
    for (const c of contacts) {
      const id = c.ContactID ?? c.contactID;
      const number = c.ContactNumber ?? c.contactNumber;
      const byId = typeof id === 'string' ? codeOfContact.get(id.toLowerCase()) : undefined;
      add(byId ?? (typeof number === 'string' ? number : `(contact ${String(c.Name ?? c.name)})`));
    }
  }
  return counts;
}

/** The X3 poll's last finish for the flow (null before its first). */
async function polledAt(world: SyncWorld, t: SyncTenant, flowKey: string, side: 'x3' | 'xero'): Promise<number | null> {
  const [row] = await world.owner.query<Array<{ polled_at: Date | null }>>(
    `SELECT polled_at FROM sync_flow_cursors WHERE tenant_id = $1 AND integration_id = $2 AND flow_key = $3 AND side = $4`,
    [t.tenantId, t.integrationId, flowKey, side],
  );
  return row?.polled_at ? row.polled_at.getTime() : null;
}

/** Webhook events our api stored that the worker has not handled yet. */
async function unhandledEvents(world: SyncWorld, t: SyncTenant): Promise<number> {
  const [row] = await world.owner.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM xero_events WHERE tenant_id = $1 AND status = 'pending'`,
    [t.tenantId],
  );
  return row.n;
}

/**
 * Waits until the engine is quiet: `settled()` holds (both sides as expected), nothing is open, no
 * webhook is undelivered or unhandled — and then two more X3 polls have finished with all of that
 * still true, so an echo of the last writes (X3 poll → Xero, webhook → X3) would have been seen.
 */
export async function untilQuiet(
  world: SyncWorld,
  t: SyncTenant,
  what: string,
  settled: () => Promise<{ ok: boolean; progress: unknown }>,
  timeoutMs: number,
): Promise<void> {
  let since: number | null = null;
  let polls = 0;
  await world.probe(what, { timeoutMs, stallMs: 240_000 }).until(async () => {
    const state = await settled();
    const open = openCount(await world.pending(t));
    const undelivered = await undeliveredWebhooks(world);
    const unhandled = await unhandledEvents(world, t);
    const x3Polled = await polledAt(world, t, 'customers', 'x3');
    // Xero's first poll (its backfill) reads the organisation's own contacts: until it has run,
    // what it would write to X3 is still to come (a full run once found it landing in round 1)
    const xeroRead = (await polledAt(world, t, 'customers', 'xero')) !== null;
    const calm = state.ok && xeroRead && open === 0 && undelivered === 0 && unhandled === 0;
    if (!calm) {
      since = null;
      polls = 0;
    } else if (since === null) {
      since = Date.now();
    } else if (x3Polled !== null && x3Polled > since) {
      polls++;
      since = x3Polled;
    }
    return {
      done: (calm && polls >= 2) || undefined,
      progress: { state: state.progress, xeroRead, open, undelivered, unhandled, polls },
    };
  });
}
