import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { CookieBrowser, ownerDataSource, runtimeDataSource } from '#lb/testing';
import { pairByHand, signedUpOwner } from './flows-world';
import {
  change,
  invitationToken,
  newOrg,
  read,
  sessionOf,
  signInWithXero,
  startXeroWorld,
  uniqueEmail,
  XeroWorld,
} from './xero-world';

const customerMapping = (nameExpression: string, extra: Record<string, unknown> = {}) => ({
  schema: 1,
  entity: 'customer',
  direction: 'x3-to-xero',
  fields: [{ target: 'name', source: { kind: 'expression', expression: nameExpression } }],
  lookups: [],
  ...extra,
});

describe('mappings: versions, diff, roll-back, lookups and status maps', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: CookieBrowser;
  let integrationId: string;
  let base: string;

  const versionsIn = async (id: string) =>
    Number(
      (
        await owner.query<Array<{ n: string }>>(
          `SELECT count(*) AS n FROM mapping_versions WHERE integration_id = $1`,
          [id],
        )
      )[0].n,
    );

  beforeAll(async () => {
    world = await startXeroWorld({}, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }));
    owner = await ownerDataSource();
    // A pair made by hand: the sandbox trial would install the starter mappings this suite starts without.
    const mapper = await signedUpOwner(world, 'mapper');
    admin = mapper.browser;
    ({ integrationId } = await pairByHand(world, mapper));
    base = `/api/integrations/${integrationId}/mappings`;
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('saves immutable numbered versions, lists, diffs and rolls back, each change audited', async () => {
    expect((await read(world, admin, `${base}/customer/x3-to-xero`)).status).toBe(404);

    const v1 = await change(world, admin, 'POST', `${base}/customer/x3-to-xero/versions`, {
      document: customerMapping('name'),
      comment: 'first',
    });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, active: true, comment: 'first', copiedFromVersion: null });
    const v2 = await change(world, admin, 'POST', `${base}/customer/x3-to-xero/versions`, {
      document: customerMapping('$uppercase(name)'),
    });
    expect(v2.body).toMatchObject({ version: 2, active: true });

    const list = await read(world, admin, base);
    expect(list.body).toEqual([
      expect.objectContaining({ entity: 'customer', direction: 'x3-to-xero', activeVersion: 2, versionCount: 2 }),
    ]);
    const versions = await read(world, admin, `${base}/customer/x3-to-xero/versions`);
    expect(versions.body.map((v: { version: number; active: boolean }) => [v.version, v.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await read(world, admin, `${base}/customer/x3-to-xero/versions/1`)).body.document).toEqual(
      customerMapping('name'),
    );

    const diff = await read(world, admin, `${base}/customer/x3-to-xero/diff?from=1&to=2`);
    expect(diff.body).toEqual({
      from: 1,
      to: 2,
      changes: [
        {
          path: 'fields[name]',
          kind: 'changed',
          before: customerMapping('name').fields[0],
          after: customerMapping('$uppercase(name)').fields[0],
        },
      ],
    });

    const back = await change(world, admin, 'POST', `${base}/customer/x3-to-xero/rollback`, { toVersion: 1 });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({
      version: 3,
      copiedFromVersion: 1,
      active: true,
      document: customerMapping('name'),
    });
    expect((await read(world, admin, `${base}/customer/x3-to-xero`)).body).toMatchObject({ version: 3 });
    // Version 2 is still there, unchanged: history only grows.
    expect((await read(world, admin, `${base}/customer/x3-to-xero/versions/2`)).body.document).toEqual(
      customerMapping('$uppercase(name)'),
    );

    // The runtime role cannot rewrite a stored version.
    const runtime = await runtimeDataSource(1);
    const tenantId = (await sessionOf(world, admin)).tenant!.id;
    const rewrite = new TenantTransactions(runtime).run(tenantId, (m) =>
      m.query(`UPDATE mapping_versions SET version = 99 WHERE integration_id = $1`, [integrationId]),
    );
    await expect(rewrite).rejects.toThrow(/permission denied/);
    await runtime.destroy();

    const audit = (await read(world, admin, '/api/tenant/audit?action=mapping.')).body as Array<{
      action: string;
      details: { version: number };
    }>;
    expect(audit.map((e) => [e.action, e.details.version])).toEqual([
      ['mapping.rolled_back', 3],
      ['mapping.saved', 2],
      ['mapping.saved', 1],
    ]);
  });

  it('refuses a bad expression with its position and stores nothing', async () => {
    const before = await versionsIn(integrationId);
    const bad = await change(world, admin, 'POST', `${base}/customer/x3-to-xero/versions`, {
      document: customerMapping('$uppercase(name'),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_mapping');
    expect(bad.body.message).toMatch(/fields\[0\]\.source\.expression: .*at position \d+/);
    const hostile = await change(world, admin, 'POST', `${base}/customer/x3-to-xero/versions`, {
      document: customerMapping('$.constructor'),
    });
    expect(hostile.status).toBe(400);
    const paid = await change(world, admin, 'PUT', `${base}/customer/x3-to-xero/status-map`, {
      statusMap: { entries: { '3': 'PAID' } },
    });
    expect(paid.status).toBe(400);
    expect(paid.body.message).toMatch(/PAID/);
    expect(await versionsIn(integrationId)).toBe(before);
  });

  it('edits a lookup table and the status map as new versions', async () => {
    const table = {
      kind: 'gl-account',
      keyFields: ['accountingCode'],
      entries: [{ key: ['SALES'], value: { accountCode: '200' } }],
    };
    const withLookup = await change(world, admin, 'PUT', `${base}/invoice/x3-to-xero/lookups/accounts`, { table });
    expect(withLookup.status).toBe(404); // no invoice mapping yet: nothing to edit
    const active = (await read(world, admin, `${base}/customer/x3-to-xero`)).body;
    const edited = await change(world, admin, 'PUT', `${base}/customer/x3-to-xero/lookups/accounts`, { table });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: active.version + 1, comment: 'Lookup table accounts edited' });
    expect(edited.body.document.lookups).toEqual([{ ...table, name: 'accounts' }]);

    const statusMap = { from: 'sourceStatus', entries: { '1': 'DRAFT', '3': 'AUTHORISED' }, otherwise: 'skip' };
    const mapped = await change(world, admin, 'PUT', `${base}/customer/x3-to-xero/status-map`, { statusMap });
    expect(mapped.body).toMatchObject({ version: active.version + 2 });
    expect(mapped.body.document).toMatchObject({ statusMap, lookups: [{ ...table, name: 'accounts' }] });
  });

  it('numbers saves made at the same moment without a clash or a gap', async () => {
    const saves = await Promise.all(
      [1, 2, 3].map((i) =>
        change(world, admin, 'POST', `${base}/supplier/x3-to-xero/versions`, {
          document: customerMapping(`name & ' ${i}'`, { entity: 'supplier' }),
        }),
      ),
    );
    expect(saves.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(saves.map((r) => r.body.version as number).sort()).toEqual([1, 2, 3]);
    expect((await read(world, admin, `${base}/supplier/x3-to-xero`)).body.version).toBe(3);
  });

  it('refuses with 409, storing nothing, an edit another save overtook', async () => {
    const path = `${base}/product/x3-to-xero`;
    const first = await change(world, admin, 'POST', `${path}/versions`, {
      document: customerMapping('name', { entity: 'product' }),
    });
    expect(first.status).toBe(201);
    const editedFrom = first.body.version as number;

    // Two people edit the same active version and save at the same moment: one save lands, the other is told.
    const racing = await Promise.all(
      ['a', 'b'].map((who) =>
        change(world, admin, 'POST', `${path}/versions`, {
          document: customerMapping(`name & ' ${who}'`, { entity: 'product' }),
          basedOnVersion: editedFrom,
        }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    const lost = racing.find((r) => r.status === 409)!;
    expect(lost.body).toMatchObject({ message: expect.stringMatching(/saved meanwhile/) });
    const won = racing.find((r) => r.status === 201)!;
    expect(won.body.version).toBe(editedFrom + 1);

    // A later edit still based on the overtaken version is refused too; one based on the new one lands.
    const stale = await change(world, admin, 'POST', `${path}/versions`, {
      document: customerMapping(`name & ' c'`, { entity: 'product' }),
      basedOnVersion: editedFrom,
    });
    expect(stale.status).toBe(409);
    const versions = await read(world, admin, `${path}/versions`);
    expect((versions.body as unknown[]).length).toBe(2);
    expect((await read(world, admin, path)).body).toMatchObject({
      version: won.body.version,
      document: won.body.document,
    });
    const fresh = await change(world, admin, 'POST', `${path}/versions`, {
      document: customerMapping(`name & ' c'`, { entity: 'product' }),
      basedOnVersion: won.body.version,
    });
    expect(fresh.status).toBe(201);
  });

  it("lets a viewer read but not edit, and answers 404 with nothing stored for another tenant's integration", async () => {
    const viewerOrg = await newOrg(world, uniqueEmail('map-viewer'));
    await change(world, admin, 'POST', '/api/tenant/invitations', { email: viewerOrg.userEmail, role: 'viewer' });
    const viewer = new CookieBrowser();
    await change(world, viewer, 'POST', '/api/invitations/accept', {
      token: await invitationToken(owner, viewerOrg.userEmail),
    });
    await signInWithXero(world, viewer, viewerOrg);
    expect((await read(world, viewer, `${base}/customer/x3-to-xero/versions`)).status).toBe(200);
    const before = await versionsIn(integrationId);
    const tries = [
      change(world, viewer, 'POST', `${base}/customer/x3-to-xero/versions`, { document: customerMapping('name') }),
      change(world, viewer, 'POST', `${base}/customer/x3-to-xero/rollback`, { toVersion: 1 }),
      change(world, viewer, 'PUT', `${base}/customer/x3-to-xero/status-map`, { statusMap: null }),
    ];
    expect((await Promise.all(tries)).map((r) => r.status)).toEqual([403, 403, 403]);

    const stranger = new CookieBrowser();
    await signInWithXero(world, stranger, await newOrg(world, uniqueEmail('stranger')));
    const theirs = [
      await read(world, stranger, base),
      await read(world, stranger, `${base}/customer/x3-to-xero`),
      await read(world, stranger, `${base}/customer/x3-to-xero/versions/1`),
      await read(world, stranger, `${base}/customer/x3-to-xero/diff?from=1&to=2`),
      await change(world, stranger, 'POST', `${base}/customer/x3-to-xero/versions`, {
        document: customerMapping('name'),
      }),
      await change(world, stranger, 'POST', `${base}/customer/x3-to-xero/rollback`, { toVersion: 1 }),
    ];
    expect(theirs.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(JSON.stringify(theirs.map((r) => r.body))).not.toContain('uppercase');
    expect(await versionsIn(integrationId)).toBe(before);
  });
});
