// Reconciliation's create-in-x3 fix, in processes: the worker (its own OS process) runs the both-ways
// customers flow between the sandboxes. While the flow only lists changes for review (action flag),
// two contacts keyed in Xero are read (reconciliation copies them) and held, never written to X3:
// the run finds both missing in X3 with the fix create-in-x3. Approving one while no enabled flow
// carries customers from Xero, or while the flow only flags, is refused (409) and changes nothing.
// Once the flow writes again, the approval queues the Xero contact on the flow's xero→x3 path (a
// pending change the drain fetches, maps and writes to X3 like any other); X3's own API then has
// the partner, and the next run reports no difference for it.
import { LANES } from '#lb/sync';
import { read } from '../../api/test/xero-world';
import { openCount } from './sync-probe';
import { SyncTenant, SyncWorld } from './sync-world';
import { x3Customers } from './sync-world-overlap';
import {
  adminChange,
  day,
  decide,
  DEMO_CONTACTS,
  described,
  reconcile,
  RunDifference,
  RunView,
} from './recon-seeded-world';

/** Backstops only: waits end on their conditions (a loaded 2-core machine, other worlds queued first). */
const SETUP_MS = 3_000_000;
const STEP_MS = 900_000;
/** Xero seconds per real second: the flow's Xero poll (every 5 Xero minutes) comes every 75 s. */
const CLOCK_SCALE = 4;

interface FlowView {
  version: number;
  document: { steps: Array<{ kind: string; action?: string }> } & Record<string, unknown>;
}

describe('reconciliation: a contact keyed in Xero only is created in X3 once approved', () => {
  let world: SyncWorld;
  let t: SyncTenant;
  const asOf = day(1);
  /** The Xero ContactIDs (lower case) of the two contacts keyed in Xero only. */
  const ids: Record<'first' | 'second', string> = { first: '', second: '' };
  let seeded: RunView;
  let writingDocument: FlowView['document'];

  const flows = () => `/api/integrations/${t.integrationId}/flows`;
  const customersFlow = async (): Promise<FlowView> => {
    const res = await read(world.asXeroWorld, t.admin, `${flows()}/customers`);
    if (res.status !== 200) throw new Error(`customers flow answered ${res.status}`);
    return res.body as FlowView;
  };
  const saveCustomers = async (document: FlowView['document']) => {
    const { version } = await customersFlow();
    const res = await adminChange(world, t, 'POST', `${flows()}/customers/versions`, {
      document,
      basedOnVersion: version,
    });
    if (res.status !== 201) throw new Error(`saving the flow answered ${res.status} ${JSON.stringify(res.body)}`);
  };
  const customerDifferences = (view: RunView) => view.differences.filter((d) => d.entity === 'customer');
  const byTarget = (view: RunView, id: string): RunDifference | undefined =>
    customerDifferences(view).find((d) => d.fix.target?.toLowerCase() === id);
  /** The contact's changes of the customers flow, state and outcome, oldest first. */
  const changesOf = (id: string) =>
    world.owner.query<Array<{ state: string; lane: number; action: string | null }>>(
      `SELECT state, lane, outcome->>'action' AS action FROM sync_pending_changes
       WHERE integration_id = $1 AND flow_key = 'customers' AND source_key = $2 ORDER BY created_at`,
      [t.integrationId, id],
    );
  const xeroCopied = async (id: string) =>
    (
      await world.owner.query<unknown[]>(
        `SELECT 1 FROM recon_documents WHERE integration_id = $1 AND side = 'xero' AND entity = 'customer'
         AND record_key = $2`,
        [t.integrationId, id],
      )
    ).length > 0;

  /** A contact keyed in Xero by another app; waits until the flagging flow read it (copied, held). */
  const keyInXero = async (name: string, number: string): Promise<string> => {
    const res = await t.xeroRead('PUT', '/Contacts', { Contacts: [{ Name: name, ContactNumber: number }] });
    if (res.status !== 200) throw new Error(`Xero refused the contact: ${res.status} ${res.text}`);
    const id = String((res.body as { Contacts: Array<{ ContactID: string }> }).Contacts[0].ContactID).toLowerCase();
    await world.probe(`${number} read and held`, { timeoutMs: STEP_MS, stallMs: 400_000 }).until(async () => {
      const changes = await changesOf(id);
      const held = changes.some((c) => c.state === 'held' && c.action === 'flagged');
      const copied = await xeroCopied(id);
      return { done: (held && copied) || undefined, progress: { changes, copied } };
    });
    return id;
  };

  beforeAll(async () => {
    world = await SyncWorld.start({ clockScale: CLOCK_SCALE });
    await world.startWorker();
    t = await world.pairTenant('NZ');
    await world.enableFlows(t, ['customers']);
    // the demo contacts Xero had before the pairing carried to X3, X3's customers to Xero
    await world.probe('the customers in step', { timeoutMs: 1_200_000, stallMs: 300_000 }).until(async () => {
      const linked = (await world.linked(t)).get('customer') ?? new Map();
      const counts = await world.pending(t);
      const done = DEMO_CONTACTS.every((c) => linked.has(c)) && openCount(counts) === 0;
      return { done: done || undefined, progress: { linked: linked.size, counts } };
    });
    // the flow lists changes for review from now on: what it reads is held, nothing written to X3
    writingDocument = (await customersFlow()).document;
    await saveCustomers({
      ...writingDocument,
      steps: writingDocument.steps.map((s) => (s.kind === 'action' ? { ...s, action: 'flag' } : s)),
    });
    ids.first = await keyInXero('Recon only client one', 'C-7001');
    // keyed after the first was read: the poll's cursor (newest read less 1 s) is past the first now
    ids.second = await keyInXero('Recon only client two', 'C-7002');
  }, SETUP_MS);
  afterAll(() => world?.close());

  it(
    'finds each contact missing in X3 with the fix create-in-x3',
    async () => {
      seeded = await reconcile(world, t, asOf);
      expect(seeded.run).toMatchObject({ state: 'done', failure: null });
      const found = customerDifferences(seeded).map((d) => [d.fix.target, d.differenceClass, d.fix.action]);
      expect(found.sort()).toEqual([ids.first, ids.second].sort().map((id) => [id, 'missingInX3', 'create-in-x3']));
      expect(described(seeded).filter((line) => !line.startsWith('customer '))).toEqual([]);
      expect((await x3Customers(world, t)).map((c) => c.code)).not.toEqual(expect.arrayContaining(['C_7001']));
    },
    STEP_MS,
  );

  it(
    'refuses the approval (409, nothing changed) while no enabled flow carries customers from Xero, or the flow only flags',
    async () => {
      const first = byTarget(seeded, ids.first)!;
      const before = await changesOf(ids.first);
      const off = await adminChange(world, t, 'POST', `${flows()}/customers/disable`);
      expect(off.status).toBe(200);
      const refused = await decide(world, t, seeded.run.id, first, 'approve');
      expect(refused.status).toBe(409);
      expect(JSON.stringify(refused.body)).toMatch(/no enabled flow carries customer records from Xero to X3/);

      const on = await adminChange(world, t, 'POST', `${flows()}/customers/enable`);
      expect(on.status).toBe(200);
      const flagged = await decide(world, t, seeded.run.id, first, 'approve');
      expect(flagged.status).toBe(409);
      expect(JSON.stringify(flagged.body)).toMatch(/lists customer changes for review only/);

      // still open, and no change of the contact queued
      const view = await read(
        world.asXeroWorld,
        t.admin,
        `/api/integrations/${t.integrationId}/reconciliation/runs/${seeded.run.id}`,
      );
      const all = (view.body.groups as Array<{ differences: RunDifference[] }>).flatMap((g) => g.differences);
      expect(all.find((d) => d.id === first.id)?.state).toBe('open');
      expect(await changesOf(ids.first)).toEqual(before);
    },
    STEP_MS,
  );

  it(
    'once the flow writes, the approved fix creates the partner in X3 through the sync; the next run reports no difference for it',
    async () => {
      await saveCustomers({ ...writingDocument, enabled: true });
      const first = byTarget(seeded, ids.first)!;
      const approved = await decide(world, t, seeded.run.id, first, 'approve');
      expect([approved.status, approved.body.state]).toEqual([200, 'applied']);

      // X3's own API has the partner under the starter mapping's code
      await world.probe('C_7001 in X3', { timeoutMs: STEP_MS, stallMs: 300_000 }).until(async () => {
        const codes = (await x3Customers(world, t)).map((c) => c.code);
        const changes = await changesOf(ids.first);
        return { done: codes.includes('C_7001') || undefined, progress: { changes } };
      });
      // written by the approval's change (interactive lane), not by a poll
      const changes = await changesOf(ids.first);
      expect(changes.filter((c) => c.state === 'done').map((c) => [c.lane, c.action])).toEqual([
        [LANES.interactive, 'created'],
      ]);
      expect((await world.linked(t)).get('customer')?.get('C_7001')).toBe(ids.first);
      // the second contact, still the newest the poll reads, is carried by the flow itself
      await world.probe('C_7002 carried by the flow', { timeoutMs: STEP_MS, stallMs: 300_000 }).until(async () => {
        const linked = (await world.linked(t)).get('customer') ?? new Map();
        return { done: linked.has('C_7002') || undefined, progress: { changes: await changesOf(ids.second) } };
      });
      expect(await world.deadLetters(t)).toEqual([]);

      const next = await reconcile(world, t, asOf);
      expect(next.run).toMatchObject({ state: 'done', failure: null });
      expect(described(next)).toEqual([]);
    },
    STEP_MS,
  );
});
