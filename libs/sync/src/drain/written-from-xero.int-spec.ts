// A both-ways customers flow on the sandboxes: a contact only Xero has is carried to X3 (a new X3
// customer linked to it), and the X3 poll sees that new customer before its link is recorded —
// another drain claims the poll's change while the xero→x3 write is between X3's answer and the
// commit of its cross-reference, or while that write is retried after an answer that never came.
// The X3 change must wait for the Xero side (behind-xero-edits.ts) and then find both sides equal:
// no Xero write. Before the fix it was a "create", and Xero's POST, finding the contact by Name,
// wrote X3's copy over it (the first-connection e2e's "Xero-only contacts untouched", 2 Dec 2026).
import { randomUUID } from 'node:crypto';
import { AuditTrail } from '#lb/accounts';
import { X3Transport, X3UnknownOutcomeError } from '#lb/connectors/sage-x3';
import { checkMappingDocument, MappingVersions } from '#lb/mapping';
import { CrossReferences } from '../cross-references/cross-references.service';
import { x3OpenerFor } from '../x3-writer/x3-opener';
import { DrainReport } from './drain-options';
import { SyncDrain } from './sync-drain';
import { control, Pair } from './testing/drain-world';
import {
  acceptChange,
  bothWaysPair,
  BothWaysWorld,
  changesOf,
  contactBatches,
  contactsOf,
  settle,
  startBothWaysWorld,
  stopBothWaysWorld,
} from './testing/both-ways-world';

jest.setTimeout(300_000);

type Row = Record<string, unknown>;

/** The transport, with `afterCreate` run once X3 has created a record, before the caller hears of it. */
function withCreateHook(t: X3Transport, afterCreate: (made: Row) => Promise<void>): X3Transport {
  return new Proxy(t, {
    get(target, prop) {
      if (prop === 'create') {
        return async (entity: Parameters<X3Transport['create']>[0], data: Row) => {
          const made = await target.create(entity, data);
          await afterCreate(made);
          return made;
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('both ways: a customer written to X3 from Xero, seen by the X3 poll before its link is recorded', () => {
  let b: BothWaysWorld;
  beforeAll(async () => {
    b = await startBothWaysWorld();
  });
  afterAll(() => stopBothWaysWorld(b));

  /** A drain whose X3 writes run `afterCreate` between X3's answer and the drain's own next step. */
  const drainWith = (afterCreate: (made: Row) => Promise<void>) => {
    const { w } = b;
    const open = x3OpenerFor(w.h.secrets, () => true);
    const versions = new MappingVersions(w.h.tx, new AuditTrail(), checkMappingDocument);
    return new SyncDrain({
      ...w.deps,
      xeroToX3: {
        tx: w.h.tx,
        jobs: w.jobs,
        orgs: w.xero.orgs,
        versions,
        openX3: async (m, integration) => withCreateHook(await open(m, integration), afterCreate),
      },
    });
  };

  /** A contact only Xero has (made as another app would), with a ContactNumber the starter mapping makes its X3 code. */
  const xeroOnlyContact = async (pair: Pair) => {
    const tag = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
    const made = await control(b.w.sb.url, pair.org, 'POST', '/edits/contacts', {
      Name: `Xero-only client ${tag}`,
      ContactNumber: `XO-${tag}`,
      EmailAddress: `ap-${tag.toLowerCase()}@xero-only.example`,
    });
    expect(made.status).toBeLessThan(300);
    const contactId = String((made.body as { ContactID: string }).ContactID);
    const before = (await contactsOf(b, pair)).find((c) => c.ContactID === contactId);
    expect(before).toBeDefined();
    return { contactId, code: `XO_${tag}`, before: before! };
  };

  const scopeOf = (pair: Pair) => ({
    tenantId: pair.tenantId,
    integrationId: pair.integrationId,
    flowKey: 'customers',
  });

  /** Every side as it ended: the contact, what was sent to Xero, X3's customer, the link, each change. */
  async function ended(pair: Pair, contactId: string, code: string) {
    const links = await b.w.h.tx.run(pair.tenantId, (m) =>
      new CrossReferences().byX3Keys(m, { integrationId: pair.integrationId, entity: 'customer' }, [code]),
    );
    return {
      contact: (await contactsOf(b, pair)).find((c) => c.ContactID === contactId),
      sentToXero: (await contactBatches(b, pair)).flat(),
      x3Name: (await b.x3.get('customer', code)).companyName,
      linkedTo: links.get(code)?.xeroId?.toLowerCase(),
      changes: (await changesOf(b, pair)).map((c) => [c.direction, c.state, c.outcome?.action]),
    };
  }

  it('another drain takes the poll’s change before the xero→x3 write is recorded: it waits, and Xero is not written', async () => {
    const pair = await bothWaysPair(b);
    const { contactId, code, before } = await xeroOnlyContact(pair);
    await acceptChange(b, pair, 'xero-to-x3', contactId);
    let meanwhile: DrainReport | undefined;
    // X3 holds the new customer; the X3 poll brings it and another worker's drain runs it now
    const drain = drainWith(async (made) => {
      if (meanwhile) return;
      expect(made._id ?? made.code).toBe(code);
      await acceptChange(b, pair, 'x3-to-xero', code);
      meanwhile = await b.drain.run(scopeOf(pair));
    });
    await drain.run(scopeOf(pair));
    expect(meanwhile).toMatchObject({ claimed: 1, written: 0, batches: 0 });
    await settle(b, pair);

    expect(await ended(pair, contactId, code)).toEqual({
      contact: before,
      sentToXero: [],
      x3Name: before.Name,
      linkedTo: contactId.toLowerCase(),
      changes: [
        ['xero-to-x3', 'done', 'created'],
        ['x3-to-xero', 'done', 'unchanged'],
      ],
    });
  });

  it('X3 created it but its answer was lost: the poll’s change waits for the retried write, and Xero is not written', async () => {
    const pair = await bothWaysPair(b);
    const { contactId, code, before } = await xeroOnlyContact(pair);
    await acceptChange(b, pair, 'xero-to-x3', contactId);
    let lost = false;
    const drain = drainWith(() => {
      if (lost) return Promise.resolve();
      lost = true;
      return Promise.reject(new X3UnknownOutcomeError('the answer to the create never came (test)'));
    });
    await drain.run(scopeOf(pair));
    expect(lost).toBe(true);
    const retried = (await changesOf(b, pair)).map((c) => [c.direction, c.state, c.attempts]);
    expect(retried).toEqual([['xero-to-x3', 'pending', 1]]);
    // the X3 poll sees the customer X3 made; a drain takes its change while the write waits for its retry
    await acceptChange(b, pair, 'x3-to-xero', code);
    expect(await b.drain.run(scopeOf(pair))).toMatchObject({ written: 0, batches: 0 });
    await settle(b, pair);

    expect(await ended(pair, contactId, code)).toEqual({
      contact: before,
      sentToXero: [],
      x3Name: before.Name,
      linkedTo: contactId.toLowerCase(),
      changes: [
        ['xero-to-x3', 'done', 'unchanged'],
        ['x3-to-xero', 'done', 'unchanged'],
      ],
    });
  });
});
