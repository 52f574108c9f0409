import { DataSource } from 'typeorm';
import { StarterFlows } from '#lb/sync';
import { eventually, ownerDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { control as xeroControl } from '../../sandbox/src/xero/testing/sandbox-harness';
import { invitedViewer, Member, pairByHand, seedSettled, signedUpOwner, staleAuth, syncJobsOf } from './flows-world';
import { change, connectXero, read, signInWithXero, startXeroWorld, XeroWorld } from './xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('operations: pause reasons, dead letters and the "needs an accountant" list', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let redisUrl: string;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let integrationId: string;
  let tenantId: string;
  let base: string;

  const pendingRow = async (id: string) =>
    (
      await owner.query<
        Array<{
          state: string;
          source: unknown;
          mapping_version: number | null;
          pinned_mapping_version: number | null;
          attempts: number;
        }>
      >(
        `SELECT state, source, mapping_version, pinned_mapping_version, attempts FROM sync_pending_changes WHERE id = $1`,
        [id],
      )
    )[0];
  const integrationRow = async () =>
    (
      await owner.query<Array<{ status: string; pause_reasons: string[] }>>(
        `SELECT status, pause_reasons FROM integrations WHERE id = $1`,
        [integrationId],
      )
    )[0];
  const seed = (flowKey: string, sourceKey: string, state: 'dead' | 'held', extra = {}) =>
    seedSettled(owner, { tenantId, integrationId, flowKey, entity: 'invoice', sourceKey, state, ...extra });

  beforeAll(async () => {
    redisUrl = await isolatedRedisUrl();
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true', REDIS_URL: redisUrl });
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'operator');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'stranger');
    ({ integrationId } = await pairByHand(world, admin));
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    base = `/api/integrations/${integrationId}`;
    // The starter flows, installed but off (as for a real pair, before anyone switches them on).
    await world.api.app!.get(StarterFlows).install(tenantId, integrationId, {
      region: 'NZ',
      enable: false,
      pollSeconds: 60,
      actor: { kind: 'system', id: 'test' },
      origin: { ip: '127.0.0.1', userAgent: 'test' },
    });
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('pauses and resumes for the user; a viewer may not, another tenant is not found', async () => {
    expect((await change(world, viewer.browser, 'POST', `${base}/pause`)).status).toBe(403);
    expect((await change(world, stranger.browser, 'POST', `${base}/pause`)).status).toBe(404);
    expect((await change(world, admin.browser, 'POST', `/api/integrations/${NOBODY}/pause`)).status).toBe(404);
    expect((await change(world, admin.browser, 'POST', `/api/integrations/nope/pause`)).status).toBe(400);
    expect(await integrationRow()).toEqual({ status: 'active', pause_reasons: [] });

    const paused = await change(world, admin.browser, 'POST', `${base}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body).toEqual({ integrationId, status: 'paused', pauseReasons: ['user'] });
    expect((await change(world, admin.browser, 'POST', `${base}/pause`)).body.pauseReasons).toEqual(['user']);
    const listed = (await read(world, admin.browser, '/api/integrations')).body;
    expect(listed).toEqual([expect.objectContaining({ id: integrationId, status: 'paused', pauseReasons: ['user'] })]);
    expect((await read(world, viewer.browser, `${base}/flows`)).body).toMatchObject({
      status: 'paused',
      pauseReasons: ['user'],
    });

    const resumed = await change(world, admin.browser, 'POST', `${base}/resume`);
    expect(resumed.body).toEqual({ integrationId, status: 'active', pauseReasons: [] });
    const audit = (await read(world, admin.browser, '/api/tenant/audit?action=integration.')).body as Array<{
      action: string;
    }>;
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['integration.paused', 'integration.resumed']));
  });

  it('pauses with "reauthorisation" when the organisation is disconnected in Xero, and lifts it on reconnection', async () => {
    await change(world, admin.browser, 'POST', `${base}/pause`); // the user's own pause outlives the other reason
    const removed = await xeroControl(
      world.sandbox,
      admin.org,
      'POST',
      `/connected-apps/${world.app.clientId}/disconnect`,
    );
    expect(removed.status).toBeLessThan(300);
    expect((await change(world, admin.browser, 'POST', '/api/connections/xero/refresh')).status).toBe(204);
    expect(await integrationRow()).toEqual({ status: 'paused', pause_reasons: ['user', 'reauthorisation'] });

    // Resuming lifts only the user's reason: sync stays off until Xero is reconnected.
    expect((await change(world, admin.browser, 'POST', `${base}/resume`)).body).toEqual({
      integrationId,
      status: 'paused',
      pauseReasons: ['reauthorisation'],
    });
    await connectXero(world, admin.browser, admin.org);
    expect(await integrationRow()).toEqual({ status: 'active', pause_reasons: [] });

    // A dead grant (its token refresh refused) marks the connection needs_reauth: the same reason.
    const setStatus = (status: string) =>
      owner.query(
        `UPDATE xero_connections SET status = $2 WHERE id = (SELECT xero_connection_id FROM integrations WHERE id = $1)`,
        [integrationId, status],
      );
    await setStatus('needs_reauth');
    expect(await integrationRow()).toEqual({ status: 'paused', pause_reasons: ['reauthorisation'] });
    await setStatus('active');
    expect(await integrationRow()).toEqual({ status: 'active', pause_reasons: [] });

    // The drain pauses on a refused token before any sweep marks the connection: re-authorising lifts it.
    await owner.query(`UPDATE integrations SET pause_reasons = '{reauthorisation}' WHERE id = $1`, [integrationId]);
    expect(await integrationRow()).toEqual({ status: 'paused', pause_reasons: ['reauthorisation'] });
    await connectXero(world, admin.browser, admin.org);
    expect(await integrationRow()).toEqual({ status: 'active', pause_reasons: [] });
  });

  it('lists dead letters without their source, and replays one, a selection (fresh sign-in) or all', async () => {
    const one = await seed('invoices', 'FAC001', 'dead', {
      error: 'Xero refused it',
      outcome: { messages: ['Account code 999 is not a valid code'] },
      mappingVersion: 1,
      attempts: 3,
    });
    const two = await seed('invoices', 'FAC002', 'dead', { mappingVersion: 1 });
    const three = await seed('invoices', 'FAC003', 'dead', { mappingVersion: 1 });
    await seed('bills', 'BIL001', 'dead');

    const letters = await read(world, viewer.browser, `${base}/dead-letters?flowKey=invoices`);
    expect(letters.status).toBe(200);
    expect(letters.body).toHaveLength(3);
    expect(letters.body.find((l: { id: string }) => l.id === one)).toEqual({
      id: one,
      flowKey: 'invoices',
      entity: 'invoice',
      direction: 'x3-to-xero',
      sourceKey: 'FAC001',
      mappingVersion: 1,
      error: 'Xero refused it',
      messages: ['Account code 999 is not a valid code'],
      attempts: 3,
      at: expect.any(String),
    });
    expect(JSON.stringify(letters.body)).not.toContain('the source record');
    expect((await read(world, viewer.browser, `${base}/dead-letters?limit=1`)).body).toHaveLength(1);

    // One record: no fresh sign-in needed; the source is re-read and the pinned version kept.
    await staleAuth(world, owner, admin);
    const single = await change(world, admin.browser, 'POST', `${base}/dead-letters/replay`, {
      flowKey: 'invoices',
      sourceKeys: ['FAC001'],
      version: 'pinned',
    });
    expect(single.body).toEqual({ replayed: 1 });
    expect(await pendingRow(one)).toEqual({
      state: 'pending',
      source: null,
      mapping_version: 1,
      pinned_mapping_version: 1,
      attempts: 0,
    });
    const drain = await eventually('a drain of the flow queued', async () =>
      (await syncJobsOf(redisUrl, integrationId)).find((j) => j.name === 'drain' && j.flowKey === 'invoices'),
    );
    expect(drain).toBeDefined();

    // Several at once: a fresh sign-in first, nothing replayed before it.
    const stale = await change(world, admin.browser, 'POST', `${base}/dead-letters/replay`, {
      flowKey: 'invoices',
      sourceKeys: ['FAC002', 'FAC003'],
      version: 'newest',
    });
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('reauth_required');
    expect((await pendingRow(two)).state).toBe('dead');
    await signInWithXero(world, admin.browser, admin.org, '?reauth=1');
    const selection = await change(world, admin.browser, 'POST', `${base}/dead-letters/replay`, {
      flowKey: 'invoices',
      sourceKeys: ['FAC002'],
      version: 'newest',
    });
    expect(selection.body).toEqual({ replayed: 1 });
    // 'newest': no pin, so the drain runs the flow's mapping version (the failed attempt's stays as history)
    expect(await pendingRow(two)).toMatchObject({ state: 'pending', pinned_mapping_version: null });
    const all = await change(world, admin.browser, 'POST', `${base}/dead-letters/replay`, {
      flowKey: 'invoices',
      version: 'pinned',
    });
    expect(all.body).toEqual({ replayed: 1 });
    // 'pinned': the drain runs the version the failed attempt ran
    expect(await pendingRow(three)).toMatchObject({ state: 'pending', mapping_version: 1, pinned_mapping_version: 1 });
    expect(
      (await read(world, admin.browser, `${base}/dead-letters`)).body.map((l: { sourceKey: string }) => l.sourceKey),
    ).toEqual(['BIL001']);
    const counts = (await read(world, admin.browser, `${base}/flows`)).body.flows.find(
      (f: { flowKey: string }) => f.flowKey === 'invoices',
    ).counts;
    expect(counts).toMatchObject({ pending: 3, dead: 0 });
    // 30 records done in the last quarter hour: 2 a minute, so the 3 waiting take 2 minutes.
    await owner.query(
      `INSERT INTO sync_pending_changes (tenant_id, integration_id, flow_key, entity, direction, source_key, lane, state, settled_at)
       SELECT $1, $2, 'products', 'product', 'x3-to-xero', 'P' || n, 2, 'done', now() - interval '1 minute'
       FROM generate_series(1, 30) n`,
      [tenantId, integrationId],
    );
    const paced = (await read(world, viewer.browser, `${base}/flows`)).body;
    expect(paced.recordsPerMinute).toBe(2);
    expect(paced.flows.find((f: { flowKey: string }) => f.flowKey === 'invoices').backfillEtaMinutes).toBe(2);
    expect(paced.flows.find((f: { flowKey: string }) => f.flowKey === 'products')).toMatchObject({
      counts: { done: 30, pending: 0 },
      backfillEtaMinutes: 0,
    });
    const audit = (await read(world, admin.browser, '/api/tenant/audit?action=sync.')).body as Array<{
      action: string;
    }>;
    expect(audit.filter((e) => e.action === 'sync.dead_letters_replayed')).toHaveLength(3);
  });

  it('lists changes waiting on a prerequisite; a new mapping version releases those waiting for mapping', async () => {
    const waitingRow = async (sourceKey: string, waitingOn: string) =>
      (
        await owner.query<Array<{ id: string }>>(
          `INSERT INTO sync_pending_changes
             (tenant_id, integration_id, flow_key, entity, direction, source_key, lane, state, source, waiting_on)
           VALUES ($1, $2, 'invoices', 'invoice', 'x3-to-xero', $3, 2, 'waiting', '{"secretish": "source"}'::jsonb, $4)
           RETURNING id`,
          [tenantId, integrationId, sourceKey, waitingOn],
        )
      )[0].id;
    const forMapping = await waitingRow('FAC200', 'mapping:sales-tax-type:|S99');
    const forCustomer = await waitingRow('FAC201', 'customer:C0201');

    const list = await read(world, viewer.browser, `${base}/waiting?flowKey=invoices`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: forMapping,
        sourceKey: 'FAC200',
        waitingOn: 'mapping:sales-tax-type:|S99',
        forMapping: true,
      }),
      expect.objectContaining({ id: forCustomer, sourceKey: 'FAC201', waitingOn: 'customer:C0201', forMapping: false }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain('secretish');
    expect((await read(world, stranger.browser, `${base}/waiting`)).status).toBe(404);
    expect((await read(world, admin.browser, `${base}/waiting?limit=-1`)).status).toBe(400);

    // The entry lands in the invoice mapping's table (a new version): the record waiting for it goes round again.
    const active = await read(world, admin.browser, `${base}/mappings/invoice/x3-to-xero`);
    expect(active.status).toBe(200);
    const table = (active.body.document.lookups as Array<{ name: string; entries: unknown[] }>).find(
      (t) => t.name === 'sales-tax-type',
    )!;
    table.entries.push({ key: ['*', 'S99'], value: { taxType: 'OUTPUT2' } });
    const saved = await change(
      world,
      admin.browser,
      'PUT',
      `${base}/mappings/invoice/x3-to-xero/lookups/sales-tax-type`,
      {
        table,
      },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(active.body.version + 1);
    expect((await pendingRow(forMapping)).state).toBe('pending');
    expect((await pendingRow(forCustomer)).state).toBe('waiting');
    expect((await read(world, viewer.browser, `${base}/waiting`)).body.map((w: { id: string }) => w.id)).toEqual([
      forCustomer,
    ]);
  });

  it('refuses malformed replays with a reason and changes nothing; other tenants and viewers get nothing', async () => {
    const dead = await seed('bills', 'BIL002', 'dead');
    const bodies: unknown[] = [
      {},
      { flowKey: 'bills' },
      { flowKey: 'bills', version: 'oldest' },
      { flowKey: 'Bills!', version: 'pinned' },
      { flowKey: 'bills', version: 'pinned', sourceKeys: 'BIL002' },
      { flowKey: 'bills', version: 'pinned', sourceKeys: [] },
      { flowKey: 'bills', version: 'pinned', sourceKeys: [42] },
      { flowKey: 'bills', version: 'pinned', sourceKeys: ['BIL002', 'BIL002'] },
      { flowKey: 'bills', version: 'pinned', sourceKeys: ['x'.repeat(201)] },
      { flowKey: 'bills', version: 'pinned', everything: true },
    ];
    for (const body of bodies) {
      const res = await change(world, admin.browser, 'POST', `${base}/dead-letters/replay`, body);
      expect([body, res.status]).toEqual([body, 400]);
      expect(JSON.stringify(res.body.message)).toMatch(/flowKey|version|sourceKeys|everything/);
    }
    for (const q of ['?limit=0', '?limit=501', '?limit=abc', '?flowKey=NOT%20A%20KEY', '?other=1']) {
      expect((await read(world, admin.browser, `${base}/dead-letters${q}`)).status).toBe(400);
      expect((await read(world, admin.browser, `${base}/held${q}`)).status).toBe(400);
    }
    const unknownFlow = { flowKey: 'no-such-flow', version: 'pinned', sourceKeys: ['BIL002'] };
    expect((await change(world, admin.browser, 'POST', `${base}/dead-letters/replay`, unknownFlow)).status).toBe(404);
    const replay = { flowKey: 'bills', version: 'pinned', sourceKeys: ['BIL002'] };
    expect((await change(world, viewer.browser, 'POST', `${base}/dead-letters/replay`, replay)).status).toBe(403);
    expect((await change(world, stranger.browser, 'POST', `${base}/dead-letters/replay`, replay)).status).toBe(404);
    expect((await read(world, stranger.browser, `${base}/dead-letters`)).status).toBe(404);
    expect((await read(world, stranger.browser, `${base}/held`)).status).toBe(404);
    expect((await pendingRow(dead)).state).toBe('dead');
  });

  it('installs the starter set, switched off, for a pair made by hand; 503 while Xero does not answer, nothing stored', async () => {
    // EUR company, NZD organisation: the region comes from the organisation's currency, asked of Xero.
    const { integrationId: theirs } = await pairByHand(world, stranger, 'FR10');
    const starter = `/api/integrations/${theirs}/flows/starter`;
    const stored = async () =>
      Number(
        (
          await owner.query<Array<{ n: string }>>(
            `SELECT (SELECT count(*) FROM sync_flow_versions WHERE integration_id = $1)
                  + (SELECT count(*) FROM mapping_versions WHERE integration_id = $1) AS n`,
            [theirs],
          )
        )[0].n,
      );
    expect((await change(world, admin.browser, 'POST', starter)).status).toBe(404);

    await xeroControl(world.sandbox, stranger.org, 'POST', '/faults', { kind: 'status503', count: 3 });
    const down = await change(world, stranger.browser, 'POST', starter);
    await xeroControl(world.sandbox, stranger.org, 'DELETE', '/faults');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      code: 'xero_unavailable',
      message: expect.stringMatching(/^Xero did not answer/),
    });
    expect(await stored()).toBe(0);

    const installed = await change(world, stranger.browser, 'POST', starter);
    expect(installed.status).toBe(201);
    expect(installed.body.region).toBe('NZ');
    expect(installed.body.mappingsInstalled).toHaveLength(15);
    expect(installed.body.flowsInstalled).toHaveLength(13);
    expect(installed.body.flowsInstalled.every((f: { enabled: boolean }) => !f.enabled)).toBe(true);
    const flows = (await read(world, stranger.browser, `/api/integrations/${theirs}/flows`)).body.flows;
    // listed by key: the ten that read X3 (orders among them), then Xero's bills and credit notes (webhook events) and payments (polled)
    expect(flows.map((f: { trigger: unknown }) => f.trigger)).toEqual([
      ...Array(10).fill({ kind: 'x3-poll', everySeconds: 60 }),
      { kind: 'webhook' },
      { kind: 'webhook' },
      { kind: 'schedule', everySeconds: 300 },
    ]);
    const again = await change(world, stranger.browser, 'POST', starter);
    expect(again.body).toEqual({ region: 'NZ', mappingsInstalled: [], flowsInstalled: [] });
    expect(await stored()).toBe(28);
  });
});
