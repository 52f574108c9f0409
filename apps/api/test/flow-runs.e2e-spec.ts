// Graph flow runs over HTTP: saving a graph flow, listing runs with their steps, and approving or
// rejecting a run parked at an approval node — roles, another tenant's ids, hostile bodies and a
// second decision included. The walk itself runs in libs/sync (flow-runs.int-spec.ts).
import { DataSource } from 'typeorm';
import { ownerDataSource } from '#lb/testing';
import { approvalGraph, graphFlowDocument } from '../../../libs/sync/src/flows/testing/graph-documents';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { invitedViewer, Member, pairByHand, signedUpOwner } from './flows-world';
import { change, read, startXeroWorld, XeroWorld } from './xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('flow runs over HTTP', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let integrationId: string;
  let strangerIntegrationId: string;
  let tenantId: string;

  const runRow = async (id: string) =>
    (
      await owner.query<Array<{ state: string; current_node: string }>>(`SELECT * FROM sync_flow_runs WHERE id = $1`, [
        id,
      ])
    )[0];

  /** A run of the customers flow parked at its approval node, as the drain's walk leaves one. */
  const parkedRun = async (sourceKey: string): Promise<string> => {
    const [change] = await owner.query<Array<{ id: string }>>(
      `INSERT INTO sync_pending_changes (tenant_id, integration_id, flow_key, entity, direction, source_key, lane, state, source, available_at)
       VALUES ($1, $2, 'customers', 'customer', 'x3-to-xero', $3, 2, 'pending', $4::jsonb, now() + interval '1 day')
       RETURNING id`,
      [tenantId, integrationId, sourceKey, JSON.stringify({ _id: sourceKey })],
    );
    const [run] = await owner.query<Array<{ id: string }>>(
      `INSERT INTO sync_flow_runs (tenant_id, integration_id, flow_key, flow_version, pending_change_id, entity, source_key, state, current_node, deadline)
       VALUES ($1, $2, 'customers', 1, $3, 'customer', $4, 'awaiting-approval', 'review', now() + interval '1 day')
       RETURNING id`,
      [tenantId, integrationId, change.id, sourceKey],
    );
    await owner.query(
      `INSERT INTO sync_flow_run_steps (tenant_id, run_id, seq, node_id, node_kind, outcome, input_summary, output_summary, started_at)
       VALUES ($1, $2, 1, 'review', 'approval', 'parked', '{"role": "admin"}', '{}', now())`,
      [tenantId, run.id],
    );
    return run.id;
  };

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true', REDIS_URL: await isolatedRedisUrl() });
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'approver');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'stranger');
    ({ integrationId } = await pairByHand(world, admin));
    ({ integrationId: strangerIntegrationId } = await pairByHand(world, stranger));
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('saves a graph flow, and refuses one whose action can be reached without a transform, storing nothing', async () => {
    const path = `/api/integrations/${integrationId}/flows/customers/versions`;
    const document = graphFlowDocument('customer', approvalGraph(), false);
    const saved = await change(world, admin.browser, 'POST', path, { document });
    expect(saved.status).toBe(201);
    expect(saved.body.document.graph.nodes).toHaveLength(8);

    const bypass = structuredClone(document);
    bypass.graph!.edges.push({ from: 'active', to: 'write', label: 'false' });
    const refused = await change(world, admin.browser, 'POST', path, { document: bypass });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'invalid_flow' });
    expect(refused.body.message).toContain('$.graph.nodes[5]: can be reached without passing a transform');
    expect(
      (await read(world, admin.browser, `/api/integrations/${integrationId}/flows/customers/versions`)).body,
    ).toHaveLength(1);
  });

  it('lists runs with their steps to members only, filtered by state', async () => {
    const runId = await parkedRun('CUST-LIST');
    const list = await read(world, viewer.browser, `/api/integrations/${integrationId}/flows/customers/runs`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: runId,
          state: 'awaiting-approval',
          currentNode: 'review',
          steps: [
            expect.objectContaining({
              nodeId: 'review',
              outcome: 'parked',
              input: { role: 'admin' },
              finishedAt: null,
            }),
          ],
        }),
      ]),
    );
    const base = `/api/integrations/${integrationId}/flows/customers/runs`;
    expect((await read(world, viewer.browser, `${base}?status=completed`)).body).toEqual([]);
    expect((await read(world, viewer.browser, `${base}?status=asleep`)).status).toBe(400);
    expect((await read(world, viewer.browser, `/api/flows/runs/${runId}`)).body).toMatchObject({ id: runId });
    // another tenant: neither the run nor the integration exist for it
    expect((await read(world, stranger.browser, `/api/flows/runs/${runId}`)).status).toBe(404);
    expect((await read(world, stranger.browser, base)).status).toBe(404);
    expect(
      (await read(world, stranger.browser, `/api/integrations/${strangerIntegrationId}/flows/customers/runs`)).body,
    ).toEqual([]);
    expect((await read(world, viewer.browser, '/api/flows/runs/not-a-run')).status).toBe(400);
    expect((await read(world, viewer.browser, `/api/flows/runs/${NOBODY}`)).status).toBe(404);
  });

  it('lets an admin approve (audited, the run walks on) and refuses a viewer, a stranger, bad bodies and a second decision', async () => {
    const runId = await parkedRun('CUST-APPROVE');
    const approve = (m: Member, body: unknown, id = runId) =>
      change(world, m.browser, 'POST', `/api/flows/runs/${id}/approve`, body);

    expect((await approve(viewer, { comment: 'looks fine' })).status).toBe(403);
    expect((await approve(stranger, { comment: 'looks fine' })).status).toBe(404);
    for (const hostile of [
      {},
      { comment: '' },
      { comment: 42 },
      { comment: 'x'.repeat(1001) },
      { comment: 'ok', run: 'all' },
      [],
    ]) {
      const r = await approve(admin, hostile);
      expect({ hostile, status: r.status }).toEqual({ hostile, status: 400 });
    }
    expect((await approve(admin, { comment: 'ok' }, 'not-a-run')).status).toBe(400);
    expect((await approve(admin, { comment: 'ok' }, NOBODY)).status).toBe(404);
    expect(await runRow(runId)).toMatchObject({ state: 'awaiting-approval', current_node: 'review' });

    const approved = await approve(admin, { comment: 'checked the delivery note' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'completed', currentNode: 'write', action: 'upsert' });
    expect(approved.body.steps.map((s: { nodeId: string; outcome: string }) => [s.nodeId, s.outcome])).toEqual([
      ['review', 'approved'],
      ['map', 'next'],
      ['write', 'handed-over'],
    ]);
    expect((await approve(admin, { comment: 'again' })).status).toBe(409);
    const [entry] = await owner.query<Array<{ action: string; details: Record<string, unknown> }>>(
      `SELECT action, details FROM audit_log WHERE target_id = $1`,
      [runId],
    );
    expect(entry).toMatchObject({
      action: 'flow.run.approved',
      details: { comment: 'checked the delivery note', node: 'review' },
    });
    // its change goes to the drain now
    const [pending] = await owner.query<Array<{ late: boolean }>>(
      `SELECT available_at > now() AS late FROM sync_pending_changes WHERE source_key = 'CUST-APPROVE'`,
    );
    expect(pending.late).toBe(false);
  });

  it('rejects along the rejected edge', async () => {
    const runId = await parkedRun('CUST-REJECT');
    const rejected = await change(world, admin.browser, 'POST', `/api/flows/runs/${runId}/reject`, {
      comment: 'not shipped',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ state: 'completed', currentNode: 'flag', action: 'flag' });
  });
});
