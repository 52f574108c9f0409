// The anomaly inbox over HTTP: findings listed by status and kind; a held duplicate approved (its
// change back to the drain, the job in the outbox) or rejected (skipped); an outlier marked
// expected (the tenant's band widened). Roles, another tenant's ids, hostile input, and Redis down
// (the inbox needs PostgreSQL only: the drain job waits in the outbox) included. The drain that
// makes the findings is proven in libs/sync/src/anomalies/anomalies-drain.int-spec.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ownerDataSource } from '#lb/testing';
import { findFreePort } from '../../../scripts/devstack/ports';
import { LocalRedisHandle, startLocalRedis } from '../../../scripts/devstack/redis';
import { invitedViewer, Member, pairByHand, seedSettled, signedUpOwner } from './flows-world';
import { change, read, startXeroWorld, XeroWorld } from './xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('anomaly inbox', () => {
  let redis: LocalRedisHandle | undefined;
  let dataDir: string;
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let integrationId: string;
  let tenantId: string;

  /** A finding as the drain stores it, with its held change when it is a held duplicate. */
  const seedFinding = async (sourceKey: string, kind: string, status: 'held' | 'open', detail: object) => {
    const held =
      status === 'held'
        ? await seedSettled(owner, {
            tenantId,
            integrationId,
            flowKey: 'invoices',
            entity: 'invoice',
            sourceKey,
            state: 'held',
            outcome: { action: 'duplicate-held', messages: ['likely duplicate'] },
          })
        : null;
    const [row] = await owner.query<Array<{ id: string }>>(
      `INSERT INTO sync_anomaly_findings
         (tenant_id, integration_id, flow_key, entity, subject, kind, status, pending_change_id, explanation, detail)
       VALUES ($1, $2, 'invoices', 'invoice', $3, $4, $5, $6, $7, $8) RETURNING id`,
      [tenantId, integrationId, sourceKey, kind, status, held, `${kind} of ${sourceKey}`, JSON.stringify(detail)],
    );
    return { id: row.id, held };
  };
  const pendingRow = async (id: string) =>
    (
      await owner.query<Array<{ state: string; outcome: { action?: string } }>>(
        `SELECT state, outcome FROM sync_pending_changes WHERE id = $1`,
        [id],
      )
    )[0];
  const outboxJobs = async () =>
    Number((await owner.query(`SELECT count(*) AS n FROM job_outbox WHERE tenant_id = $1`, [tenantId]))[0].n);

  beforeAll(async () => {
    const port = await findFreePort();
    dataDir = mkdtempSync(join(tmpdir(), 'lb-anomalies-redis-'));
    redis = await startLocalRedis({ port, dataDir });
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true', REDIS_URL: redis.url });
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'anomalies');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'anomalies-stranger');
    ({ integrationId } = await pairByHand(world, admin));
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists findings to members by status and kind; admins approve or reject a held duplicate', async () => {
    const dup = await seedFinding('FAC-D1', 'duplicate', 'held', { partyKey: 'ACME', pattern: 'PO 9999 ~ PO9999' });
    const dup2 = await seedFinding('FAC-D2', 'duplicate', 'held', { partyKey: 'ACME', pattern: 'PO 9999 ~ PO9999' });
    const flag = await seedFinding('FAC-O1', 'outlier', 'open', {
      partyKey: 'ACME',
      amount: '90000.00',
      low: '10.00',
      high: '5000.00',
    });

    const held = await read(world, viewer.browser, '/api/anomalies?status=held&kind=duplicate');
    expect(held.status).toBe(200);
    expect(held.body.map((f: { id: string }) => f.id).sort()).toEqual([dup.id, dup2.id].sort());
    expect(held.body[0]).toMatchObject({ integrationId, flowKey: 'invoices', kind: 'duplicate', status: 'held' });
    expect(
      (await read(world, viewer.browser, `/api/anomalies?kind=outlier&integrationId=${integrationId}`)).body,
    ).toEqual([expect.objectContaining({ id: flag.id, explanation: 'outlier of FAC-O1', resolution: null })]);
    expect((await read(world, stranger.browser, '/api/anomalies')).body).toEqual([]);

    // a viewer reads only; another tenant's id is not found; ids and decisions that do not fit refused
    for (const action of ['approve', 'reject', 'expect']) {
      expect((await change(world, viewer.browser, 'POST', `/api/anomalies/${dup.id}/${action}`)).status).toBe(403);
      expect((await change(world, stranger.browser, 'POST', `/api/anomalies/${dup.id}/${action}`)).status).toBe(404);
    }
    expect((await change(world, admin.browser, 'POST', `/api/anomalies/${NOBODY}/approve`)).status).toBe(404);
    expect((await change(world, admin.browser, 'POST', `/api/anomalies/${flag.id}/approve`)).status).toBe(409);
    expect((await pendingRow(dup.held!)).state).toBe('held');

    const approved = await change(world, admin.browser, 'POST', `/api/anomalies/${dup.id}/approve`);
    expect([approved.status, approved.body.status, approved.body.resolution]).toEqual([200, 'resolved', 'approved']);
    expect((await pendingRow(dup.held!)).state).toBe('pending'); // the drain writes it, cleared of this rule
    expect((await change(world, admin.browser, 'POST', `/api/anomalies/${dup.id}/reject`)).status).toBe(409);

    const rejected = await change(world, admin.browser, 'POST', `/api/anomalies/${dup2.id}/reject`);
    expect([rejected.status, rejected.body.resolution]).toEqual([200, 'rejected']);
    expect(await pendingRow(dup2.held!)).toMatchObject({ state: 'done', outcome: { action: 'skipped' } });
    expect((await read(world, viewer.browser, '/api/anomalies?status=held')).body).toEqual([]);
  });

  it('marks an outlier expected: that customer’s band is widened to take the amount', async () => {
    const flag = await seedFinding('FAC-O2', 'outlier', 'open', {
      partyKey: 'BIGCO',
      amount: '90000.00',
      low: '10.00',
      high: '5000.00',
    });
    const res = await change(world, admin.browser, 'POST', `/api/anomalies/${flag.id}/expect`);
    expect([res.status, res.body.status, res.body.resolution]).toEqual([200, 'expected', 'expected']);
    const [profile] = await owner.query(
      `SELECT rules FROM sync_anomaly_profiles WHERE tenant_id = $1 AND scope = 'party' AND subject = 'BIGCO'`,
      [tenantId],
    );
    expect(profile.rules).toEqual({ low: '10.00', high: '90000.00' });
    expect((await change(world, admin.browser, 'POST', `/api/anomalies/${flag.id}/expect`)).status).toBe(409);
    expect(
      (await read(world, viewer.browser, '/api/anomalies?status=expected')).body.map((f: { id: string }) => f.id),
    ).toContain(flag.id);
  });

  it('refuses hostile input with 400', async () => {
    for (const q of [
      'status=bogus',
      'kind=%3Cscript%3E',
      'limit=0',
      'limit=501',
      'limit=abc',
      'integrationId=1%27%20OR%201=1',
      'status[]=held',
    ]) {
      expect([q, (await read(world, viewer.browser, `/api/anomalies?${q}`)).status]).toEqual([q, 400]);
    }
    for (const id of ['not-an-id', "1'%20OR%20'1'='1", '..%2F..%2Fetc']) {
      expect([id, (await change(world, admin.browser, 'POST', `/api/anomalies/${id}/approve`)).status]).toEqual([
        id,
        400,
      ]);
    }
  });

  it('works with Redis down: the decision is in PostgreSQL and the drain job waits in the outbox', async () => {
    const dup = await seedFinding('FAC-D3', 'duplicate', 'held', { partyKey: 'ACME', pattern: 'PO 9999 ~ PO9999' });
    await redis!.stop();
    redis = undefined;
    const jobsBefore = await outboxJobs();
    const started = Date.now();
    const res = await change(world, admin.browser, 'POST', `/api/anomalies/${dup.id}/approve`);
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(res.status).toBe(200);
    expect((await pendingRow(dup.held!)).state).toBe('pending');
    expect(await outboxJobs()).toBeGreaterThan(jobsBefore);
    expect((await read(world, viewer.browser, '/api/anomalies?status=resolved')).status).toBe(200);
  });
});
