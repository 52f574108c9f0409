// A first connection where both sides already hold the same customers (issue 11, "matched before
// the first write"): X3 customers with invoices, the same customers already in the Xero
// organisation (most by ContactNumber, some by name only), contacts only Xero has, and the
// matching run and confirmed as an admin does. Works on SyncWorld's public members only.
import { createX3Transport } from '#lb/connectors/sage-x3';
import { REGION_FACTS } from '#lb/mapping';
import { change } from '../../api/test/xero-world';
import type { SyncTenant, SyncWorld } from './sync-world';

/** Invoices per X3 bulk-seeding call (as SyncWorld.seedInvoices: a few seconds each on a loaded machine). */
const SEED_CHUNK = 200;
/** Contacts per Xero write: real Xero asks for at most 50 elements per call. */
const XERO_CHUNK = 50;

export interface OverlapSeeded {
  customers: string[];
  invoices: string[];
  /** Each invoice's X3 bill-to customer. */
  billTo: Map<string, string>;
}

/**
 * X3: `customers` new customers, then `perCustomer` posted invoices for each. The bulk endpoint
 * bills its `billTo` list in turn, so each call's invoices are known per customer.
 */
export async function seedX3(
  world: SyncWorld,
  t: SyncTenant,
  customers: number,
  perCustomer: number,
): Promise<OverlapSeeded> {
  const site = `${REGION_FACTS[t.region].x3Company.slice(0, 2)}011`;
  const made = await world.x3(t, 'POST', '/bulk/sales-invoices', { site, customers, invoices: 0 });
  if (made.status !== 201) throw new Error(`overlap: X3 customer seeding answered ${made.status}`);
  const codes = (made.body as { customers: string[] }).customers;
  const out: OverlapSeeded = { customers: codes, invoices: [], billTo: new Map() };
  const perCall = Math.max(1, Math.floor(SEED_CHUNK / perCustomer));
  for (let at = 0; at < codes.length; at += perCall) {
    const billTo = codes.slice(at, at + perCall);
    const res = await world.x3(t, 'POST', '/bulk/sales-invoices', {
      site,
      customers: 0,
      invoices: billTo.length * perCustomer,
      billTo,
    });
    if (res.status !== 201)
      throw new Error(`overlap: X3 invoice seeding answered ${res.status} ${JSON.stringify(res.body)}`);
    const ids = (res.body as { invoices: string[] }).invoices;
    ids.forEach((id, j) => out.billTo.set(id, billTo[j % billTo.length]));
    out.invoices.push(...ids);
  }
  return out;
}

/** The name the X3 sandbox's bulk seeding gives a customer (code BKNZ000042 → "Bulk NZ customer 42"). */
export function bulkCustomerName(code: string): string {
  const m = /^BK([A-Z]{2})(\d+)$/.exec(code);
  if (!m) throw new Error(`overlap: ${code} is not a bulk-seeded customer code`);
  return `Bulk ${m[1]} customer ${Number(m[2])}`;
}

export interface XeroContactSeed {
  Name: string;
  ContactNumber?: string;
  EmailAddress?: string;
}

export interface OverlapPlan {
  /** Per X3 customer: the contact Xero holds already and the rule that should pair them. */
  overlapping: Array<{ code: string; rule: 'contact-number' | 'name'; contact: XeroContactSeed }>;
  /** Contacts only Xero has (X3 has no customer of that number, name or email). */
  xeroOnly: XeroContactSeed[];
}

/**
 * Most of X3's customers are in Xero under their code (a tenth of those under another name: the
 * number wins); one in five has no ContactNumber and is found by its name (half of them typed
 * differently: "BULK NZ CUSTOMER 42 Limited"). Plus one Xero-only contact per 50, at least 3.
 */
export function overlapPlan(codes: string[]): OverlapPlan {
  const overlapping = codes.map((code, i) => {
    const name = bulkCustomerName(code);
    switch (i % 10) {
      case 3:
        return { code, rule: 'name' as const, contact: { Name: name } };
      case 7:
        return { code, rule: 'name' as const, contact: { Name: `${name.toUpperCase()} Limited` } };
      case 5:
        return { code, rule: 'contact-number' as const, contact: { Name: `${name} (old name)`, ContactNumber: code } };
      default:
        return { code, rule: 'contact-number' as const, contact: { Name: name, ContactNumber: code } };
    }
  });
  const xeroOnly = Array.from({ length: Math.max(3, Math.round(codes.length / 50)) }, (_, k) => ({
    Name: `Xero-only client ${k + 1}`,
    EmailAddress: `ap${k + 1}@xero-only.example`,
    ...(k % 2 === 0 ? { ContactNumber: `XO-${k + 1}` } : {}),
  }));
  return { overlapping, xeroOnly };
}

/**
 * Creates contacts in the organisation as another app would (the tenant's reader app: our meter
 * does not count these), 50 per call; answers their ContactIDs by Name. Any refused element fails.
 */
export async function createXeroContacts(
  world: SyncWorld,
  t: SyncTenant,
  contacts: XeroContactSeed[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let at = 0; at < contacts.length; at += XERO_CHUNK) {
    const body = { Contacts: contacts.slice(at, at + XERO_CHUNK) };
    let res = await t.xeroRead('PUT', '/Contacts?summarizeErrors=false', body);
    for (let tries = 0; res.status === 429 && tries < 30; tries++) {
      const wait = Number(res.headers.get('retry-after') ?? 1) * 1000;
      await new Promise((r) => setTimeout(r, Math.max(100, wait / world.clockScale))); // Xero asked for it
      res = await t.xeroRead('PUT', '/Contacts?summarizeErrors=false', body);
    }
    const saved = (res.body as { Contacts?: Array<Record<string, unknown>> } | undefined)?.Contacts ?? [];
    const refused = saved.filter((c) => c.HasErrors);
    if (res.status !== 200 || refused.length || saved.length !== body.Contacts.length)
      throw new Error(`overlap: Xero refused contacts: ${res.status} ${JSON.stringify(refused[0] ?? res.text)}`);
    for (const c of saved) ids.set(String(c.Name), String(c.ContactID));
  }
  return ids;
}

export interface ReviewedMatching {
  runId: string;
  counts: Record<string, { x3: number; xero: number; matched: number; ambiguous: number; unmatched: number }>;
  proposals: Array<{ entity: string; x3Key: string; xeroId: string; rule: string; confidence: number }>;
  ambiguous: Array<{ entity: string; x3Key: string; reason: string; candidates: Array<{ xeroId: string }> }>;
  clashes: Array<{ entity: string; x3Key: string; name: string; proposedName: string }>;
}

/** POST /matching/run as the admin: the proposals to review. */
export async function runMatching(world: SyncWorld, t: SyncTenant): Promise<ReviewedMatching> {
  const run = await change(world.asXeroWorld, t.admin, 'POST', `/api/integrations/${t.integrationId}/matching/run`);
  if (run.status !== 200) throw new Error(`overlap: matching run answered ${run.status} ${JSON.stringify(run.body)}`);
  return run.body as ReviewedMatching;
}

/** Confirms the reviewed run as SyncWorld.confirmMatching does (all accepted, clashes renamed as proposed), without running it again. */
export async function confirmReviewed(world: SyncWorld, t: SyncTenant, view: ReviewedMatching): Promise<void> {
  const confirm = await change(
    world.asXeroWorld,
    t.admin,
    'POST',
    `/api/integrations/${t.integrationId}/matching/confirm`,
    {
      runId: view.runId,
      acceptAll: true,
      accept: view.ambiguous.map((a) => ({ entity: a.entity, x3Key: a.x3Key, xeroId: a.candidates[0].xeroId })),
      renames: view.clashes.map((c) => ({ entity: c.entity, x3Key: c.x3Key, name: c.proposedName })),
    },
  );
  if (confirm.status !== 200 || !(confirm.body as { confirmed?: boolean })?.confirmed)
    throw new Error(`overlap: matching confirm answered ${confirm.status} ${JSON.stringify(confirm.body)}`);
}

/** How many of `keys` (source keys) a flow has carried in one direction: a change settled 'done'. */
export async function carriedCount(
  world: SyncWorld,
  t: SyncTenant,
  flowKey: string,
  direction: 'x3-to-xero' | 'xero-to-x3',
  keys: string[],
): Promise<number> {
  const [row] = await world.owner.query<Array<{ n: number }>>(
    `SELECT count(DISTINCT source_key)::int AS n FROM sync_pending_changes WHERE tenant_id = $1
     AND integration_id = $2 AND flow_key = $3 AND direction = $4 AND state = 'done' AND source_key = ANY($5::text[])`,
    [t.tenantId, t.integrationId, flowKey, direction, keys],
  );
  return row.n;
}

/** The customers of the tenant's X3 folder (code and name), read through X3's own API. */
export async function x3Customers(world: SyncWorld, t: SyncTenant): Promise<Array<{ code: string; name: string }>> {
  const transport = createX3Transport({
    baseUrl: world.sandbox.url,
    endpoint: t.folder.folder,
    companies: [],
    auth: { kind: 'jwt', ...t.folder.connectedApplication },
    allowPrivateTargets: true,
  });
  const out: Array<{ code: string; name: string }> = [];
  try {
    for await (const r of transport.list('customer', { pageSize: 1000 }))
      out.push({ code: r._id, name: typeof r.companyName === 'string' ? r.companyName : '' });
  } finally {
    transport.close();
  }
  return out;
}

/**
 * The tenant's sync jobs the worker logged as failed (thrown, not settled): the flow's job id and
 * the error (the world's database holds only its own tenants, but a world may pair several).
 */
export function failedSyncJobs(world: SyncWorld, t: SyncTenant): Array<{ job: string; error: string }> {
  const out: Array<{ job: string; error: string }> = [];
  for (const line of world.workerOutput().split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: { queue?: string; jobId?: string; tenantId?: string; err?: { message?: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue; // not a log record
    }
    if (entry.queue !== 'sync' || !entry.err || entry.tenantId !== t.tenantId) continue;
    out.push({ job: String(entry.jobId).split(':').slice(0, 3).join(':'), error: String(entry.err.message) });
  }
  return out;
}

/** Changes of the integration held for a person (state 'held'): flow, direction, source key and why. */
export async function heldChanges(world: SyncWorld, t: SyncTenant): Promise<Array<Record<string, unknown>>> {
  return world.owner.query(
    `SELECT flow_key, direction, source_key, outcome->'messages' AS messages FROM sync_pending_changes
     WHERE tenant_id = $1 AND integration_id = $2 AND state = 'held'`,
    [t.tenantId, t.integrationId],
  );
}
