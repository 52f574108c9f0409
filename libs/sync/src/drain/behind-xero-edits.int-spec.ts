// A both-ways customers flow on the sandboxes: an X3 change drained while Xero's edit of the same
// contact is on its way to X3 in another claim (behind-xero-edits.ts). The X3 change waits; Xero's
// edit goes first by the flow's conflict rule (newest wins), and the X3 change, re-read after it,
// finds both sides equal: no Xero write, X3's older name never reaches Xero.
import { AuditTrail } from '#lb/accounts';
import { createX3Transport, X3Transport } from '#lb/connectors/sage-x3';
import { checkMappingDocument, MappingVersions, starterTemplate } from '#lb/mapping';
import { eventually } from '#lb/testing';
import { control as x3Control } from '../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { FlowVersions } from '../flows/flow-versions.service';
import { LANES } from '../pending/lanes';
import { SyncPendingChange } from '../pending/pending-change.entity';
import { PendingChanges } from '../pending/pending-changes.service';
import { x3OpenerFor } from '../x3-writer/x3-opener';
import { SyncDrain } from './sync-drain';
import { BEHIND_XERO_RETRY_MS } from './behind-xero-edits';
import {
  control,
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
  xeroList,
} from './testing/drain-world';

jest.setTimeout(300_000);

describe('both ways: an X3 change waits behind a Xero edit of the same record on its way to X3', () => {
  let w: DrainWorld;
  let drain: SyncDrain;
  let x3: X3Transport;
  const pending = new PendingChanges();

  beforeAll(async () => {
    w = await startDrainWorld();
    const versions = new MappingVersions(w.h.tx, new AuditTrail(), checkMappingDocument);
    const deps = { tx: w.h.tx, xero: w.xero, jobs: w.jobs, redis: w.h.redis, secrets: w.h.secrets };
    drain = new SyncDrain({
      ...deps,
      createX3Transport,
      allowPrivateFor: () => true,
      xeroToX3: {
        tx: w.h.tx,
        jobs: w.jobs,
        orgs: w.xero.orgs,
        versions,
        openX3: x3OpenerFor(w.h.secrets, () => true),
      },
    });
    x3 = createX3Transport({
      baseUrl: w.sb.url,
      endpoint: w.folder.folder,
      companies: ['NZ10'],
      auth: { kind: 'jwt', ...w.folder.connectedApplication },
      allowPrivateTargets: true,
    });
  });
  afterAll(async () => {
    x3?.close();
    await stopDrainWorld(w);
  });

  /** A pair whose customers flow runs both ways (newest wins), with one X3 customer carried to Xero. */
  async function carriedCustomer(): Promise<{ pair: Pair; code: string; contactId: string }> {
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
    const made = await x3Control(w.sb.url, w.folder, 'POST', '/bulk/sales-invoices', {
      site: 'NZ011',
      customers: 1,
      invoices: 1,
    });
    expect(made.status).toBe(201);
    const code = (made.body as { customers: string[] }).customers[0];
    await acceptX3Change(pair, code);
    await settle(pair);
    const contact = (await contactsOf(pair)).find((c) => c.ContactNumber === code);
    expect(contact).toBeDefined();
    return { pair, code, contactId: String(contact!.ContactID) };
  }

  const acceptX3Change = (pair: Pair, code: string) =>
    w.h.tx.run(pair.tenantId, (m) =>
      pending.accept(m, pair.tenantId, [
        {
          integrationId: pair.integrationId,
          flowKey: 'customers',
          entity: 'customer',
          direction: 'x3-to-xero',
          sourceKey: code,
          lane: LANES.polling,
          source: null,
        },
      ]),
    );
  /** Drains until no change of the pair is open (a change set back comes round a second later). */
  const settle = (pair: Pair) =>
    eventually('every change of the pair settled', async () => {
      await drainUntilQuiet(w, pair, ['customers'], 30, drain);
      const open = (await changesOf(pair)).filter((c) => ['pending', 'claimed'].includes(c.state));
      return open.length ? undefined : true;
    });
  const contactsOf = (pair: Pair) => xeroList(w, pair, 'Contacts', 'Contacts');
  const nameInXero = async (pair: Pair, contactId: string) =>
    (await contactsOf(pair)).find((c) => c.ContactID === contactId)?.Name;
  const changesOf = (pair: Pair) =>
    w.h.tx.run(pair.tenantId, (m) => m.find(SyncPendingChange, { order: { createdAt: 'ASC' } }));
  const renameInXero = async (pair: Pair, contactId: string, name: string) => {
    const r = await control(w.sb.url, pair.org, 'POST', `/edits/contacts/${contactId}`, { Name: name });
    expect(r.status).toBeLessThan(300);
  };

  it('waits while the Xero edit is claimed elsewhere; then Xero’s newer name wins on both sides with no Xero write', async () => {
    const { pair, code, contactId } = await carriedCustomer();
    await x3.update('customer', code, { companyName: `Older X3 name ${code}` });
    await waitUntilPast(Date.now());
    await renameInXero(pair, contactId, `Newer Xero name ${code}`);
    const scope = { integrationId: pair.integrationId, flowKey: 'customers' };
    // Xero's edit (webhook lane) is claimed by another drain, still at work; then the X3 poll's change comes
    await w.h.tx.run(pair.tenantId, (m) =>
      pending.accept(m, pair.tenantId, [
        {
          ...scope,
          entity: 'customer',
          direction: 'xero-to-x3',
          sourceKey: contactId.toLowerCase(),
          lane: LANES.webhook,
          source: null,
        },
      ]),
    );
    const elsewhere = await w.h.tx.run(pair.tenantId, (m) => pending.claim(m, scope, 1, 120));
    expect(elsewhere.changes.map((c) => c.direction)).toEqual(['xero-to-x3']);
    await acceptX3Change(pair, code);
    const batchesBefore = await contactBatches(pair);

    const ranAt = Date.now();
    const report = await drain.run({ tenantId: pair.tenantId, ...scope });
    expect(report).toMatchObject({ claimed: 1, written: 0, batches: 0 });
    const waiting = (await changesOf(pair)).filter((c) => c.direction === 'x3-to-xero' && c.state !== 'done');
    expect(waiting.map((c) => [c.state, c.attempts])).toEqual([['pending', 0]]);
    // set back by the retry delay (not merely left pending): 200 ms for the two clocks of one machine
    expect(waiting[0].availableAt.getTime()).toBeGreaterThanOrEqual(ranAt + BEHIND_XERO_RETRY_MS - 200);
    expect(await nameInXero(pair, contactId)).toBe(`Newer Xero name ${code}`);

    // the other drain gives its claim back (as a dead worker's lease would run out)
    await w.h.tx.run(pair.tenantId, (m) =>
      pending.settle(m, elsewhere.changes[0], elsewhere.claimId, { kind: 'release', delayMs: 0 }),
    );
    await settle(pair);
    expect(await nameInXero(pair, contactId)).toBe(`Newer Xero name ${code}`);
    expect((await x3.get('customer', code)).companyName).toBe(`Newer Xero name ${code}`);
    expect(await contactBatches(pair)).toBe(batchesBefore);
    const x3Side = (await changesOf(pair)).filter((c) => c.direction === 'x3-to-xero');
    expect(x3Side.map((c) => [c.state, c.outcome?.action])).toEqual([
      ['done', 'created'],
      ['done', 'unchanged'],
    ]);
  });

  const contactBatches = async (pair: Pair) =>
    (
      await w.h.tx.run(pair.tenantId, (m) =>
        m.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM xero_write_batches WHERE entity = 'contacts'`),
      )
    )[0].n;
});

/** X3 stamps count whole seconds: wait until the clock is past the second of `ms`. */
async function waitUntilPast(ms: number): Promise<void> {
  const next = Math.floor(ms / 1000) * 1000 + 1000;
  while (Date.now() < next) await new Promise((r) => setTimeout(r, next - Date.now()));
}
