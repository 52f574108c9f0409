// The "needs an accountant" list over HTTP: listing held changes with their proposal, dismissing
// one, and approving a deletion held for approval (void-with-approval) — roles, other tenants'
// ids, bad ids and a stale sign-in included. Split from flows-operations.e2e-spec.ts.
import { DataSource } from 'typeorm';
import { ownerDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { invitedViewer, Member, pairByHand, seedSettled, signedUpOwner, staleAuth } from './flows-world';
import { change, read, signInWithXero, startXeroWorld, XeroWorld } from './xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('operations: the "needs an accountant" list', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let integrationId: string;
  let tenantId: string;
  let base: string;

  const pendingRow = async (id: string) =>
    (
      await owner.query<Array<{ state: string; source: unknown; attempts: number }>>(
        `SELECT state, source, attempts FROM sync_pending_changes WHERE id = $1`,
        [id],
      )
    )[0];
  const seed = (flowKey: string, sourceKey: string, state: 'dead' | 'held', extra = {}) =>
    seedSettled(owner, { tenantId, integrationId, flowKey, entity: 'invoice', sourceKey, state, ...extra });

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true', REDIS_URL: await isolatedRedisUrl() });
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'accountant');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'stranger');
    ({ integrationId } = await pairByHand(world, admin));
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    base = `/api/integrations/${integrationId}`;
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('lists held changes with the proposed adjustment, and dismisses one', async () => {
    const held = await seed('invoices', 'FAC100', 'held', {
      outcome: { proposal: 'Date it 2026-04-01, after the lock date 2026-03-31', messages: ['Period is locked'] },
    });
    const list = await read(world, viewer.browser, `${base}/held`);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: held,
        sourceKey: 'FAC100',
        proposal: 'Date it 2026-04-01, after the lock date 2026-03-31',
        messages: ['Period is locked'],
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain('the source record');

    expect((await change(world, viewer.browser, 'POST', `${base}/held/${held}/dismiss`)).status).toBe(403);
    expect((await change(world, stranger.browser, 'POST', `${base}/held/${held}/dismiss`)).status).toBe(404);
    expect((await change(world, admin.browser, 'POST', `${base}/held/not-an-id/dismiss`)).status).toBe(400);
    expect((await change(world, admin.browser, 'POST', `${base}/held/${NOBODY}/dismiss`)).status).toBe(404);
    expect((await pendingRow(held)).state).toBe('held');

    expect((await change(world, admin.browser, 'POST', `${base}/held/${held}/dismiss`)).status).toBe(204);
    expect((await pendingRow(held)).state).toBe('done');
    expect((await change(world, admin.browser, 'POST', `${base}/held/${held}/dismiss`)).status).toBe(404);
    expect((await read(world, admin.browser, `${base}/held`)).body).toEqual([]);
  });

  it('approves a deletion held for approval (fresh sign-in): back to its drain with the approval; nothing else', async () => {
    const proposal = await seed('invoices', 'FAC150', 'held', {
      outcome: {
        action: 'void-proposed',
        proposal: 'Approve to void the document in Xero',
        messages: ['invoice FAC150 was deleted in X3'],
      },
    });
    const other = await seed('invoices', 'FAC151', 'held', {
      outcome: { proposal: 'Date it after the lock date', messages: ['Period is locked'] },
    });
    const url = (id: string) => `${base}/held/${id}/approve`;
    expect((await change(world, viewer.browser, 'POST', url(proposal))).status).toBe(403);
    expect((await change(world, stranger.browser, 'POST', url(proposal))).status).toBe(404);
    expect((await change(world, admin.browser, 'POST', `${base}/held/not-an-id/approve`)).status).toBe(400);
    expect((await change(world, admin.browser, 'POST', url(NOBODY))).status).toBe(404);
    await staleAuth(world, owner, admin);
    const stale = await change(world, admin.browser, 'POST', url(proposal));
    expect([stale.status, stale.body.code]).toEqual([401, 'reauth_required']);
    expect((await pendingRow(proposal)).state).toBe('held');

    await signInWithXero(world, admin.browser, admin.org, '?reauth=1');
    const refused = await change(world, admin.browser, 'POST', url(other));
    expect([refused.status, refused.body.message]).toEqual([400, expect.stringContaining('Only a deletion')]);
    expect((await pendingRow(other)).state).toBe('held');
    expect((await change(world, admin.browser, 'POST', url(proposal))).status).toBe(204);
    expect(await pendingRow(proposal)).toMatchObject({
      state: 'pending',
      source: { _deleted: true, _id: 'FAC150', _approved: true },
      attempts: 0,
    });
    expect((await change(world, admin.browser, 'POST', url(proposal))).status).toBe(404);
    const audit = (await read(world, admin.browser, '/api/tenant/audit?action=sync.')).body as Array<{
      action: string;
    }>;
    expect(audit.filter((e) => e.action === 'sync.deletion_approved')).toHaveLength(1);
    // no worker runs here: settle it as a drain would, so later cases see no open change of it
    await owner.query(`UPDATE sync_pending_changes SET state = 'done', settled_at = now() WHERE id = $1`, [proposal]);
  });
});
