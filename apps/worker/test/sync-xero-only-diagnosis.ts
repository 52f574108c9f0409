// Why a contact only Xero had is not as it was (sync-first-connection.e2e-spec.ts): for each one
// that changed, the fields that changed (before → after, or that it is gone), every element our
// sync sent to Xero for it (from our persisted write batches: the bytes as sent, and Xero's answer
// for that element), its cross-reference and the customers flow's changes of it, both directions.
// Read through the reader app and the database owner: nothing here goes through the code under test.
import { isDeepStrictEqual } from 'node:util';
import type { SyncTenant, SyncWorld } from './sync-world';

type Row = Record<string, unknown>;

const lower = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : '');

/** The contact as Xero lists it now; one the listing lacks (archived?) read by id; undefined when gone. */
async function contactNow(t: SyncTenant, listed: Row[], contactId: string): Promise<Row | undefined> {
  const found = listed.find((c) => c.ContactID === contactId);
  if (found) return found;
  const res = await t.xeroRead('GET', `/Contacts/${contactId}`);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`xero-only diagnosis: GET Contacts/${contactId} answered ${res.status}`);
  return ((res.body as { Contacts?: Row[] }).Contacts ?? [])[0];
}

function changedFields(before: Row, after: Row): Record<string, [unknown, unknown]> {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out: Record<string, [unknown, unknown]> = {};
  for (const f of fields) if (!isDeepStrictEqual(before[f], after[f])) out[f] = [before[f], after[f]];
  return out;
}

/** The elements of our contact write batches that named this contact (by id, number or name), with Xero's answer. */
async function ourWrites(world: SyncWorld, t: SyncTenant, contact: Row): Promise<Row[]> {
  const batches = await world.owner.query<
    Array<{ created_at: Date; operation: string; status: string; payload: Row; outcomes: Row[] | null }>
  >(
    `SELECT created_at, operation, status, payload, outcomes FROM xero_write_batches
     WHERE tenant_id = $1 AND connection_id = $2 AND entity = 'contacts' ORDER BY created_at`,
    [t.tenantId, t.xeroConnectionId],
  );
  const id = lower(contact.ContactID);
  const out: Row[] = [];
  for (const b of batches) {
    const elements = Object.values(b.payload).find(Array.isArray) as Row[] | undefined;
    (elements ?? []).forEach((e, index) => {
      const answer = (b.outcomes ?? []).find((o) => o.index === index);
      const named =
        lower(e.contactID ?? e.ContactID) === id ||
        lower(answer?.xeroId) === id ||
        (!!contact.ContactNumber && lower(e.contactNumber ?? e.ContactNumber) === lower(contact.ContactNumber)) ||
        lower(e.name ?? e.Name) === lower(contact.Name);
      if (named) out.push({ at: b.created_at, operation: b.operation, batch: b.status, sent: e, answer });
    });
  }
  return out;
}

/**
 * Each Xero-only contact that is not as it was before the flows ran (`listed`: Xero's Contacts
 * listing now, as `before` was read), and what our sync did with it.
 */
export async function xeroOnlyChanges(world: SyncWorld, t: SyncTenant, before: Row[], listed: Row[]): Promise<Row[]> {
  const out: Row[] = [];
  for (const b of before) {
    const contactId = String(b.ContactID);
    const now = await contactNow(t, listed, contactId);
    if (now && isDeepStrictEqual(now, b)) continue;
    const links = await world.owner.query<Row[]>(
      `SELECT x3_key, state, content_hash, xero_updated_at, last_written_at, created_at, updated_at
       FROM sync_cross_references WHERE tenant_id = $1 AND integration_id = $2 AND lower(xero_id) = $3`,
      [t.tenantId, t.integrationId, contactId.toLowerCase()],
    );
    const keys = [contactId.toLowerCase(), ...links.map((l) => String(l.x3_key))];
    const changes = await world.owner.query<Row[]>(
      `SELECT flow_key, direction, source_key, state, attempts, outcome, last_error, created_at, settled_at
       FROM sync_pending_changes WHERE tenant_id = $1 AND integration_id = $2 AND source_key = ANY($3::text[])
       ORDER BY created_at`,
      [t.tenantId, t.integrationId, keys],
    );
    out.push({
      contactId,
      name: b.Name,
      changed: now ? changedFields(b, now) : 'no longer in Xero',
      ourWrites: await ourWrites(world, t, b),
      links,
      changes,
    });
  }
  return out;
}
