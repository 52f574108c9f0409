// "Dry-run the whole flow" over HTTP on the sandboxes: real X3 customers walked through a graph
// (which edge each takes follows from its own data), a wait and an approval reported, an event
// already known taken straight on, the mapping outcome where a record would be written, a draft
// against the stored version — and nothing stored anywhere: our rows and both sandboxes unchanged.
// Roles, another tenant's ids, hostile bodies and each system down included.
import { DataSource } from 'typeorm';
import { createX3Transport, X3Record } from '#lb/connectors/sage-x3';
import { starterTemplate } from '#lb/mapping';
import { ownerDataSource } from '#lb/testing';
import {
  api,
  authorize,
  control as xeroControl,
  registerApp,
  uniq,
} from '../../sandbox/src/xero/testing/sandbox-harness';
import { control as x3Control, provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { flowOf, splitGraph, Walked } from './flow-dry-run-graphs';
import { invitedViewer, Member, pairByHand, signedUpOwner } from './flows-world';

type Json = Record<string, unknown>;
import { change, connectXero, read, startXeroWorld, XeroWorld } from './xero-world';

describe('flow dry run over HTTP', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let folder: TestFolder;
  let tenantId: string;
  let integrationId: string;
  let strangerIntegrationId: string;
  let path: string;
  let xeroRead: ReturnType<typeof api>;
  let customers: X3Record[];

  /** Our tables a run, a park or a write would touch, for the tenant. */
  const ourRows = async () =>
    (
      await owner.query<Json[]>(
        `SELECT (SELECT count(*)::int FROM sync_flow_runs WHERE tenant_id = $1) AS runs,
                (SELECT count(*)::int FROM sync_flow_run_steps WHERE tenant_id = $1) AS steps,
                (SELECT count(*)::int FROM sync_flow_events WHERE tenant_id = $1) AS events,
                (SELECT count(*)::int FROM sync_pending_changes WHERE tenant_id = $1) AS pending,
                (SELECT count(*)::int FROM sync_flow_versions WHERE tenant_id = $1) AS flows,
                (SELECT count(*)::int FROM sync_cross_references WHERE tenant_id = $1) AS refs,
                (SELECT count(*)::int FROM mapping_versions WHERE tenant_id = $1) AS mappings,
                (SELECT count(*)::int FROM xero_write_batches WHERE tenant_id = $1) AS batches,
                (SELECT count(*)::int FROM audit_log WHERE tenant_id = $1) AS audit,
                (SELECT count(*)::int FROM job_outbox WHERE tenant_id = $1) AS outbox`,
        [tenantId],
      )
    )[0];

  /** Both sandboxes as read independently of the product: X3's record counts, Xero's contacts and invoices. */
  const bothSides = async () => {
    const summary = (await x3Control(world.sandbox.url, folder, 'GET', '')).body.counts;
    const xero = await Promise.all(
      ['/Contacts?pageSize=1000', '/Invoices?pageSize=1000'].map(async (p) => {
        const { Id: _id, DateTimeUTC: _at, ...records } = JSON.parse((await xeroRead('GET', p)).text) as Json;
        return records;
      }),
    );
    return { summary, xero };
  };

  const dryRun = (body: Json, who: Member = admin, at = path) => change(world, who.browser, 'POST', at, body);
  const byKey = (records: Walked[]) => new Map(records.map((r) => [r.sourceKey, r]));

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true' });
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'flow-dry-run');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'flow-dry-run-stranger');
    ({ integrationId: strangerIntegrationId } = await pairByHand(world, stranger));

    // Paired by hand here: the X3 folder is needed for its fault switch and its counts.
    await connectXero(world, admin.browser, admin.org);
    folder = await provisionFolder(world.sandbox.url);
    const a = folder.connectedApplication;
    const x3 = await change(world, admin.browser, 'POST', '/api/connections/x3', {
      name: 'Folder',
      baseUrl: world.sandbox.url,
      folder: folder.folder,
      companies: [],
      auth: { mode: 'jwt', clientId: a.clientId, secret: a.secret, user: a.user },
    });
    const xeroId = (await read(world, admin.browser, '/api/connections')).body.xero[0].id;
    const pair = await change(world, admin.browser, 'POST', '/api/integrations', {
      name: 'NZ ledger',
      xeroConnectionId: xeroId,
      x3ConnectionId: x3.body.id,
      x3Company: 'NZ10',
    });
    expect(pair.status).toBe(201);
    integrationId = pair.body.id;
    path = `/api/integrations/${integrationId}/flows/customers/dry-run`;
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    const mapping = await change(
      world,
      admin.browser,
      'POST',
      `/api/integrations/${integrationId}/mappings/customer/x3-to-xero/versions`,
      {
        document: starterTemplate('NZ', 'customer'),
      },
    );
    expect(mapping.status).toBe(201);
    const saved = await change(
      world,
      admin.browser,
      'POST',
      `/api/integrations/${integrationId}/flows/customers/versions`,
      {
        document: flowOf(splitGraph()),
      },
    );
    expect(saved.status).toBe(201);

    // The first customers as the engine's X3 poll would read them, through an independent transport.
    const transport = createX3Transport({
      baseUrl: world.sandbox.url,
      endpoint: folder.folder,
      companies: ['NZ10'],
      auth: { kind: 'jwt', ...folder.connectedApplication },
      allowPrivateTargets: true,
    });
    customers = [];
    try {
      for await (const r of transport.list('customer', { pageSize: 20 })) {
        customers.push(r);
        if (customers.length >= 20) break;
      }
    } finally {
      transport.close();
    }
    const reader = await registerApp(world.sandbox, uniq('reader'));
    const { tokens } = await authorize(world.sandbox, reader, admin.org);
    xeroRead = api(world.sandbox, tokens.access_token, admin.org.tenantId);
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('walks real records through the stored graph: each edge follows from the record, and nothing is stored', async () => {
    const aud = customers.filter((c) => c.currency === 'AUD');
    const usd = customers.filter((c) => c.currency === 'USD');
    const rest = customers.filter((c) => c.currency !== 'AUD' && c.currency !== 'USD');
    expect(aud.length).toBeGreaterThanOrEqual(2);
    expect(usd.length).toBeGreaterThanOrEqual(1);
    expect(rest.length).toBeGreaterThanOrEqual(1);
    // One AUD customer's event is already known: the engine would go straight on.
    const [known] = aud;
    await owner.query(
      `INSERT INTO sync_flow_events (tenant_id, integration_id, kind, subject, detail) VALUES ($1, $2, 'x3:delivery-validated', $3, '{}')`,
      [tenantId, integrationId, known._id],
    );
    // Someone typed one of the others into Xero under another name: the mapping outcome is an update.
    const typed = rest[0];
    const keyed = await xeroControl(world.sandbox, admin.org, 'POST', '/edits/contacts', {
      ContactNumber: typed._id,
      Name: `${String(typed.companyName)} (typed in Xero)`,
    });
    expect(keyed.status).toBeLessThan(300);
    const rowsBefore = await ourRows();
    const sidesBefore = await bothSides();

    const res = await dryRun({ limit: 20 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      flowKey: 'customers',
      entity: 'customer',
      version: 1,
      mappingVersion: 1,
      read: 20,
    });
    expect(res.body.draft).toBeUndefined();
    const records = res.body.records as Walked[];
    expect(records.map((r) => r.sourceKey)).toEqual(customers.map((c) => c._id));
    const walked = byKey(records);

    for (const c of aud.slice(1)) {
      const r = walked.get(c._id)!;
      expect(r.path.map((s) => [s.nodeId, s.edge])).toEqual([
        ['start', 'next'],
        ['split', 'true'],
        ['shipped', null],
      ]);
      expect(r.stop).toEqual({
        kind: 'wait',
        nodeId: 'shipped',
        waitingFor: `x3:delivery-validated:${c._id}`,
        eventKnown: false,
        detail: `would wait for x3:delivery-validated:${c._id}`,
      });
      expect(r.mapping).toBeUndefined();
    }
    const straightOn = walked.get(known._id)!;
    expect(straightOn.path.map((s) => [s.nodeId, s.edge])).toEqual([
      ['start', 'next'],
      ['split', 'true'],
      ['shipped', 'event'],
      ['map', 'next'],
      ['write', null],
    ]);
    expect(straightOn.path[2].note).toContain('already seen');
    expect(straightOn.stop).toMatchObject({ kind: 'action', action: 'upsert' });
    expect(straightOn.mapping).toMatchObject({
      sourceKey: known._id,
      action: expect.stringMatching(/create|update|skip|invalid|waiting/),
    });

    for (const c of usd) {
      const r = walked.get(c._id)!;
      expect(r.path.map((s) => [s.nodeId, s.edge])).toEqual([
        ['start', 'next'],
        ['split', 'false'],
        ['usd', 'true'],
        ['review', null],
      ]);
      expect(r.stop).toMatchObject({
        kind: 'approval',
        nodeId: 'review',
        role: 'admin',
        detail: 'would wait for approval by admin',
      });
      expect(r.mapping).toBeUndefined();
    }
    for (const c of rest) {
      const r = walked.get(c._id)!;
      expect(r.path.map((s) => [s.nodeId, s.edge])).toEqual([
        ['start', 'next'],
        ['split', 'false'],
        ['usd', 'false'],
        ['map', 'next'],
        ['write', null],
      ]);
      expect(r.stop).toMatchObject({
        kind: 'action',
        nodeId: 'write',
        action: 'upsert',
        detail: 'would be written (upsert)',
      });
      expect(r.mapping?.sourceKey).toBe(c._id);
    }
    // Every record written maps to a new contact, but the one someone already keyed into Xero: an update.
    for (const c of rest.filter((x) => x._id !== typed._id)) {
      expect(walked.get(c._id)!.mapping).toMatchObject({ action: 'create', payload: { contactNumber: c._id } });
    }
    expect(walked.get(typed._id)!.mapping).toMatchObject({
      action: 'update',
      changes: expect.arrayContaining([expect.objectContaining({ path: 'name' })]),
    });

    expect(await ourRows()).toEqual(rowsBefore);
    expect(await bothSides()).toEqual(sidesBefore);
  });

  it('walks an unsaved draft (graph or linear) instead of the stored version, storing nothing', async () => {
    const rowsBefore = await ourRows();
    const eur = customers.filter((c) => c.currency === 'EUR');
    expect(eur.length).toBeGreaterThanOrEqual(1);
    const res = await dryRun({ limit: 20, document: flowOf(splitGraph("currency = 'EUR'")) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ draft: true, version: 1 });
    const walked = byKey(res.body.records as Walked[]);
    for (const c of eur)
      expect(walked.get(c._id)!.stop).toMatchObject({ kind: 'wait', waitingFor: `x3:delivery-validated:${c._id}` });
    for (const c of customers.filter((x) => x.currency === 'AUD')) {
      expect(walked.get(c._id)!.path[1]).toMatchObject({ nodeId: 'split', edge: 'false' });
    }

    // A linear flow: the drain maps and writes every record; its condition step is not gated on yet.
    const linear = await dryRun({ limit: 3, document: flowOf() });
    expect(linear.status).toBe(200);
    for (const r of linear.body.records as Walked[]) {
      expect(r.path.map((s) => [s.nodeId, s.edge])).toEqual([
        ['steps[0]', 'next'],
        ['steps[1]', 'next'],
        ['steps[2]', null],
      ]);
      expect(r.path[1].note).toContain('not evaluated');
      expect(r.stop).toMatchObject({ kind: 'action', action: 'upsert' });
      expect(r.mapping?.sourceKey).toBe(r.sourceKey);
    }
    expect(await ourRows()).toEqual(rowsBefore);
  });

  it('refuses an invalid draft, hostile bodies and xero-to-x3 flows with a 400, storing nothing', async () => {
    const rowsBefore = await ourRows();
    const bypass = flowOf(splitGraph());
    bypass.graph!.edges.push({ from: 'review', to: 'write', label: 'rejected' });
    const invalid = await dryRun({ document: bypass });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'invalid_flow' });
    expect(invalid.body.message).toContain('can be reached without passing a transform');

    for (const body of [
      { limit: 0 },
      { limit: 21 },
      { limit: 'many' },
      { limit: 2.5 },
      { document: 'graph' },
      { document: [] },
    ]) {
      const res = await dryRun(body);
      expect([res.status, body]).toEqual([400, body]);
    }
    const unknownField = await dryRun({ document: { ...flowOf(splitGraph()), sneaky: true } });
    expect(unknownField.status).toBe(400);
    const reverse = await dryRun({
      document: {
        ...flowOf(),
        direction: 'xero-to-x3',
        steps: [
          { kind: 'transform', mapping: { direction: 'xero-to-x3', version: 'active' } },
          { kind: 'action', action: 'upsert' },
        ],
      },
    });
    expect(reverse.status).toBe(400);
    expect(reverse.body.message).toContain('xero-to-x3');
    const noFlow = await dryRun({}, admin, `/api/integrations/${integrationId}/flows/nothing-here/dry-run`);
    expect(noFlow.status).toBe(404);
    expect(await ourRows()).toEqual(rowsBefore);
  });

  it('is for admins: a viewer is refused 403, another tenant’s integration is 404 either way', async () => {
    expect((await dryRun({ limit: 1 }, viewer)).status).toBe(403);
    expect((await dryRun({ limit: 1 }, stranger)).status).toBe(404);
    const theirs = `/api/integrations/${strangerIntegrationId}/flows/customers/dry-run`;
    expect((await dryRun({ limit: 1 }, admin, theirs)).status).toBe(404);
    // with a draft too: nothing is said about the document of an integration one cannot see
    expect((await dryRun({ limit: 1, document: flowOf(splitGraph()) }, admin, theirs)).status).toBe(404);
  });

  it('answers 503 when X3 or Xero does not answer, and changes nothing', async () => {
    const rowsBefore = await ourRows();
    const sidesBefore = await bothSides();
    expect((await x3Control(world.sandbox.url, folder, 'POST', '/faults', { mode: 'http-503', count: 3 })).status).toBe(
      204,
    );
    const x3Down = await dryRun({ limit: 3 });
    await x3Control(world.sandbox.url, folder, 'DELETE', '/faults');
    expect(x3Down.status).toBe(503);
    expect(x3Down.body).toMatchObject({
      code: 'x3_unavailable',
      message: expect.stringMatching(/^Sage X3 did not answer/),
    });

    await xeroControl(world.sandbox, admin.org, 'POST', '/faults', { kind: 'status503', count: 3 });
    const xeroDown = await dryRun({ limit: 3 });
    await xeroControl(world.sandbox, admin.org, 'DELETE', '/faults');
    expect(xeroDown.status).toBe(503);
    expect(xeroDown.body).toMatchObject({
      code: 'xero_unavailable',
      message: expect.stringMatching(/^Xero did not answer/),
    });

    expect(await ourRows()).toEqual(rowsBefore);
    expect(await bothSides()).toEqual(sidesBefore);
    expect((await dryRun({ limit: 2 })).status).toBe(200);
  });
});
