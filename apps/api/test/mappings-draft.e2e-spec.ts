// The mapping studio's two draft routes: `check` (what a save would refuse, with the expression's
// position, for any member) and the dry run of an unsaved document (admins: it spends the Xero
// budget). Neither stores anything; other tenants' integrations, a viewer and bad bodies are refused.
import { DataSource } from 'typeorm';
import { MappingDocument, starterTemplate } from '#lb/mapping';
import { ownerDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { invitedViewer, Member, pairByHand, signedUpOwner } from './flows-world';
import { change, read, startXeroWorld, XeroWorld } from './xero-world';

type Json = Record<string, unknown>;

/** The NZ customer template with the contact's name built by one JSONata expression. */
const withName = (expression: string): MappingDocument => ({
  ...starterTemplate('NZ', 'customer'),
  fields: [{ target: 'name', source: { kind: 'expression', expression } }],
});

describe('mapping drafts: live check and dry run of an unsaved document', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let base: string;
  let tenantId: string;

  const versions = async () =>
    (
      await owner.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM mapping_versions WHERE tenant_id = $1`, [
        tenantId,
      ])
    )[0].n;

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true', REDIS_URL: await isolatedRedisUrl() });
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'studio');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'stranger');
    const { integrationId } = await pairByHand(world, admin);
    base = `/api/integrations/${integrationId}/mappings/customer/x3-to-xero`;
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    const saved = await change(world, admin.browser, 'POST', `${base}/versions`, {
      document: starterTemplate('NZ', 'customer'),
    });
    expect(saved.status).toBe(201);
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('check: a JSONata syntax error comes back with its path and position; a good document has no issues', async () => {
    const bad = await change(world, viewer.browser, 'POST', `${base}/check`, { document: withName('$uppercase(name') });
    expect(bad.status).toBe(200);
    expect(bad.body.issues).toEqual([
      expect.objectContaining({ path: '$.fields[0].source.expression', position: expect.any(Number) }),
    ]);
    const wrongEntity = await change(world, admin.browser, 'POST', `${base}/check`, {
      document: { ...starterTemplate('NZ', 'supplier') },
    });
    expect(wrongEntity.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: '$.entity' })]));
    const good = await change(world, admin.browser, 'POST', `${base}/check`, {
      document: withName('$uppercase(name)'),
    });
    expect(good.body).toEqual({ issues: [] });
    expect(await versions()).toBe(1);
  });

  it('dry run of a draft: real X3 records mapped by the unsaved expression, with their canonical record; nothing stored', async () => {
    const run = await change(world, admin.browser, 'POST', `${base}/dry-run`, {
      limit: 3,
      document: withName('"Draft " & $uppercase(name)'),
    });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ entity: 'customer', version: 1, draft: true, read: 3 });
    const records = run.body.records as Array<{ action: string; payload?: Json; canonical?: Json }>;
    const mapped = records.filter((r) => r.payload);
    expect(mapped.length).toBeGreaterThan(0);
    for (const r of mapped) {
      expect(r.canonical).toMatchObject({ entity: 'customer', name: expect.any(String) });
      expect(r.payload!.name).toBe(`Draft ${String(r.canonical!.name).toUpperCase()}`.slice(0, 255));
    }
    // the stored version still maps names as they are
    const stored = await change(world, admin.browser, 'POST', `${base}/dry-run`, { limit: 3 });
    expect(stored.body.draft).toBeUndefined();
    expect((stored.body.records as Array<{ payload?: Json }>)[0].payload?.name).not.toMatch(/^Draft /);
    expect(await versions()).toBe(1);
  });

  it('refuses: an invalid draft (400, its issues), a viewer (403), another tenant (404), a body that is not a document (400)', async () => {
    const invalid = await change(world, admin.browser, 'POST', `${base}/dry-run`, {
      document: withName('$uppercase(name'),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'invalid_mapping' });
    expect(String(invalid.body.message)).toContain('fields[0].source.expression');

    expect(
      (await change(world, viewer.browser, 'POST', `${base}/dry-run`, { document: withName('name') })).status,
    ).toBe(403);
    for (const path of ['check', 'dry-run']) {
      const foreign = await change(world, stranger.browser, 'POST', `${base}/${path}`, { document: withName('name') });
      expect(foreign.status).toBe(404);
    }
    for (const body of [{ document: 'fields' }, { document: [1, 2] }, {}]) {
      expect((await change(world, admin.browser, 'POST', `${base}/check`, body)).status).toBe(400);
    }
    expect((await change(world, admin.browser, 'POST', `${base}/dry-run`, { document: 7 })).status).toBe(400);
    expect(await versions()).toBe(1);
  });
});
