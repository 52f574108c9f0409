// Test world for a both-ways customers flow (newest wins) on the sandboxes: a drain that carries
// both directions, an X3 client to edit customers as a user would, and per test one X3 customer
// already carried to Xero. Used by the drain's both-ways int-specs.
import { AuditTrail } from '#lb/accounts';
import { createX3Transport, X3Transport } from '#lb/connectors/sage-x3';
import { checkMappingDocument, MappingVersions, starterTemplate } from '#lb/mapping';
import { eventually } from '#lb/testing';
import { control as x3Control } from '../../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { FlowVersions } from '../../flows/flow-versions.service';
import { LANES } from '../../pending/lanes';
import { SyncPendingChange } from '../../pending/pending-change.entity';
import { PendingChanges } from '../../pending/pending-changes.service';
import { x3OpenerFor } from '../../x3-writer/x3-opener';
import { SyncDrain } from '../sync-drain';
import {
  control,
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
  xeroList,
} from './drain-world';

export interface BothWaysWorld {
  w: DrainWorld;
  drain: SyncDrain;
  x3: X3Transport;
  pending: PendingChanges;
}

export async function startBothWaysWorld(): Promise<BothWaysWorld> {
  const w = await startDrainWorld();
  const versions = new MappingVersions(w.h.tx, new AuditTrail(), checkMappingDocument);
  const deps = { tx: w.h.tx, xero: w.xero, jobs: w.jobs, redis: w.h.redis, secrets: w.h.secrets };
  const drain = new SyncDrain({
    ...deps,
    createX3Transport,
    allowPrivateFor: () => true,
    xeroToX3: { tx: w.h.tx, jobs: w.jobs, orgs: w.xero.orgs, versions, openX3: x3OpenerFor(w.h.secrets, () => true) },
  });
  const x3 = createX3Transport({
    baseUrl: w.sb.url,
    endpoint: w.folder.folder,
    companies: ['NZ10'],
    auth: { kind: 'jwt', ...w.folder.connectedApplication },
    allowPrivateTargets: true,
  });
  return { w, drain, x3, pending: new PendingChanges() };
}

export async function stopBothWaysWorld(b: BothWaysWorld | undefined): Promise<void> {
  b?.x3.close();
  await stopDrainWorld(b?.w);
}

type Direction = 'x3-to-xero' | 'xero-to-x3';

/** A change of the customers flow, as the X3 poll (X3 code) or a Xero webhook event (ContactID) brings it. */
export const acceptChange = (b: BothWaysWorld, pair: Pair, direction: Direction, sourceKey: string) =>
  b.w.h.tx.run(pair.tenantId, (m) =>
    b.pending.accept(m, pair.tenantId, [
      {
        integrationId: pair.integrationId,
        flowKey: 'customers',
        entity: 'customer',
        direction,
        sourceKey: direction === 'xero-to-x3' ? sourceKey.toLowerCase() : sourceKey,
        lane: direction === 'xero-to-x3' ? LANES.webhook : LANES.polling,
        source: null,
      },
    ]),
  );

export const changesOf = (b: BothWaysWorld, pair: Pair) =>
  b.w.h.tx.run(pair.tenantId, (m) => m.find(SyncPendingChange, { order: { createdAt: 'ASC' } }));

/** Drains until no change of the pair is open (a change set back comes round a second later). */
export const settle = (b: BothWaysWorld, pair: Pair) =>
  eventually('every change of the pair settled', async () => {
    await drainUntilQuiet(b.w, pair, ['customers'], 30, b.drain);
    const open = (await changesOf(b, pair)).filter((c) => ['pending', 'claimed'].includes(c.state));
    return open.length ? undefined : true;
  });

export const contactsOf = (b: BothWaysWorld, pair: Pair) => xeroList(b.w, pair, 'Contacts', 'Contacts');

/** Edits a contact in Xero as another app would: nothing tells the flow. */
export async function editInXero(b: BothWaysWorld, pair: Pair, contactId: string, patch: Record<string, unknown>) {
  const r = await control(b.w.sb.url, pair.org, 'POST', `/edits/contacts/${contactId}`, patch);
  expect(r.status).toBeLessThan(300);
}

/** The contact write batches the drain persisted, and the records they sent. */
export async function contactBatches(b: BothWaysWorld, pair: Pair): Promise<Array<Array<Record<string, unknown>>>> {
  const rows = await b.w.h.tx.run(pair.tenantId, (m) =>
    m.query<Array<{ payload: { contacts: Array<Record<string, unknown>> } }>>(
      `SELECT payload FROM xero_write_batches WHERE entity = 'contacts' ORDER BY created_at`,
    ),
  );
  return rows.map((r) => r.payload.contacts);
}

/** A pair whose customers flow runs both ways (newest wins), with one X3 customer carried to Xero. */
export async function carriedCustomer(b: BothWaysWorld): Promise<{ pair: Pair; code: string; contactId: string }> {
  const { w } = b;
  const pair = await bothWaysPair(b);
  const made = await x3Control(w.sb.url, w.folder, 'POST', '/bulk/sales-invoices', {
    site: 'NZ011',
    customers: 1,
    invoices: 1,
  });
  expect(made.status).toBe(201);
  const code = (made.body as { customers: string[] }).customers[0];
  await acceptChange(b, pair, 'x3-to-xero', code);
  await settle(b, pair);
  const contact = (await contactsOf(b, pair)).find((c) => c.ContactNumber === code);
  expect(contact).toBeDefined();
  return { pair, code, contactId: String(contact!.ContactID) };
}

/** A pair whose customers flow runs both ways (newest wins), with the starter mappings both ways. */
export async function bothWaysPair(b: BothWaysWorld): Promise<Pair> {
  const { w } = b;
  const pair = await pairWithFlows(w, ['customer']);
  const versions = new MappingVersions(w.h.tx, new AuditTrail(), checkMappingDocument);
  await versions.save(
    pair.tenantId,
    { integrationId: pair.integrationId, entity: 'customer', direction: 'xero-to-x3' },
    { document: starterTemplate('NZ', 'customer', 'xero-to-x3') },
    { actor: { kind: 'system', id: null }, origin: {} },
  );
  await new FlowVersions(w.h.tx).save(
    pair.tenantId,
    pair.integrationId,
    'customers',
    {
      entity: 'customer',
      direction: 'both-ways',
      trigger: { kind: 'manual' },
      steps: [
        { kind: 'transform', mapping: { direction: 'x3-to-xero', version: 'active' } },
        { kind: 'transform', mapping: { direction: 'xero-to-x3', version: 'active' } },
        { kind: 'action', action: 'upsert' },
      ],
      options: { defaultConflictRule: 'newest-wins' },
      enabled: true,
    },
    { authorUserId: null },
  );
  return pair;
}

/** X3 stamps count whole seconds: wait until the clock is past the second of `ms`. */
export async function waitUntilPast(ms: number): Promise<void> {
  const next = Math.floor(ms / 1000) * 1000 + 1000;
  while (Date.now() < next) await new Promise((r) => setTimeout(r, next - Date.now()));
}
