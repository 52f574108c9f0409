// A graph flow run across a worker restart, as production runs it: the api and the worker in their
// own processes, X3 polled by the worker. Every X3 customer the flow reads parks at an admin's
// approval; the worker is killed (kill -9) and a new one started; an approval given through the api
// then walks the run on, and the new worker carries exactly that customer to Xero.
import { eventually } from '#lb/testing';
import { change, read } from '../../api/test/xero-world';
import { SyncTenant, SyncWorld } from './sync-world';

jest.setTimeout(3_000_000); // includes waiting for another sync world (one at a time: SyncWorld.start)

const FLOW = 'approved-customers';
const at = (x: number) => ({ x, y: 0 });

/** X3 customers to Xero, each only once an admin approves it. */
const approvalFlow = {
  entity: 'customer',
  direction: 'x3-to-xero',
  trigger: { kind: 'x3-poll', everySeconds: 5 },
  steps: [],
  options: {},
  enabled: true,
  graph: {
    nodes: [
      { id: 'start', kind: 'trigger', config: {}, position: at(0) },
      { id: 'review', kind: 'approval', config: { role: 'admin', timeoutSeconds: 86_400 }, position: at(1) },
      {
        id: 'map',
        kind: 'transform',
        config: { mapping: { direction: 'x3-to-xero', version: 'active' } },
        position: at(2),
      },
      { id: 'write', kind: 'action', config: { action: 'upsert' }, position: at(3) },
    ],
    edges: [
      { from: 'start', to: 'review' },
      { from: 'review', to: 'map', label: 'approved' },
      { from: 'map', to: 'write' },
    ],
  },
};

interface RunView {
  id: string;
  sourceKey: string;
  state: string;
  steps: Array<{ nodeId: string; outcome: string }>;
}

describe('a graph flow run across a worker restart', () => {
  let world: SyncWorld;
  let t: SyncTenant;
  beforeAll(async () => {
    world = await SyncWorld.start();
    t = await world.pairTenant('NZ');
    await world.enableFlows(t, []); // the starter mappings (and flows, all off)
  });
  afterAll(() => world?.close());

  it('parks every customer at the approval, survives kill -9, and carries the approved one once', async () => {
    const saved = await change(
      world.asXeroWorld,
      t.admin,
      'POST',
      `/api/integrations/${t.integrationId}/flows/${FLOW}/versions`,
      {
        document: approvalFlow,
      },
    );
    expect(saved.status).toBe(201);
    const runsPath = `/api/integrations/${t.integrationId}/flows/${FLOW}/runs`;
    await world.startWorker();
    const parked = await eventually(
      'runs parked at the approval',
      async () => {
        if (!world.workerAlive()) throw new Error(`the worker died:\n${world.workerOutput()}`);
        const r = await read(world.asXeroWorld, t.admin, `${runsPath}?status=awaiting-approval`);
        return (r.body as RunView[]).length > 0 ? (r.body as RunView[]) : undefined;
      },
      180_000,
    );
    const contactNumbers = async () => (await world.xeroList(t, 'Contacts')).map((c) => c.ContactNumber);
    const chosen = parked.find((r) => !!r.sourceKey)!;
    expect(await contactNumbers()).not.toContain(chosen.sourceKey);

    await world.killWorker();
    await world.startWorker();
    const approved = await change(world.asXeroWorld, t.admin, 'POST', `/api/flows/runs/${chosen.id}/approve`, {
      comment: 'checked by hand',
    });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('completed');

    await eventually(
      'the approved customer in Xero',
      async () => {
        if (!world.workerAlive()) throw new Error(`the worker died:\n${world.workerOutput()}`);
        return (await contactNumbers()).includes(chosen.sourceKey) ? true : undefined;
      },
      180_000,
    );
    const numbers = await contactNumbers();
    expect(numbers.filter((n) => n === chosen.sourceKey)).toHaveLength(1);
    // the others (and any the poll found since) still wait for their approval, none of them in Xero
    const still = (await read(world.asXeroWorld, t.admin, `${runsPath}?status=awaiting-approval`)).body as RunView[];
    const stillIds = still.map((r) => r.id);
    expect(stillIds).not.toContain(chosen.id);
    for (const other of parked.filter((r) => r.id !== chosen.id)) expect(stillIds).toContain(other.id);
    for (const r of still) expect(numbers).not.toContain(r.sourceKey);
    const run = (await read(world.asXeroWorld, t.admin, `/api/flows/runs/${chosen.id}`)).body as RunView;
    expect(run.steps.map((s) => [s.nodeId, s.outcome])).toEqual([
      ['start', 'next'],
      ['review', 'approved'],
      ['map', 'next'],
      ['write', 'handed-over'],
    ]);
  });
});
