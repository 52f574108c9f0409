/** @jest-environment ./apps/sandbox/src/x3/testing/native-require.environment.js */
import { RunningSandbox, TestFolder, control, provisionFolder, startSandbox } from './testing/x3-test-sandbox';
import { appToken, gql } from './testing/x3-test-client';

interface Field {
  name: string;
  description?: string;
}
interface Edge {
  node: { _id: string };
}

describe('X3 sandbox API surface', () => {
  let sandbox: RunningSandbox;
  let a: TestFolder;
  let b: TestFolder;

  beforeAll(async () => {
    sandbox = await startSandbox();
    [a, b] = await Promise.all([provisionFolder(sandbox.url), provisionFolder(sandbox.url)]);
  });
  afterAll(() => sandbox?.close());

  it('requires the x-xtrem-endpoint header and a known folder', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${sandbox.url}/xtrem/api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${appToken(a)}`, ...headers },
        body: '{"query":"{__typename}"}',
      });
    expect((await post({})).status).toBe(400);
    expect((await post({ 'x-xtrem-endpoint': 'NOPE' })).status).toBe(404);
    expect((await post({ 'x-xtrem-endpoint': a.folder })).status).toBe(200);
  });

  it('keeps each folder its own data and credentials', async () => {
    const created = await gql(
      sandbox.url,
      a,
      'mutation { x3MasterData { customer { create(data: { code: "ONLYA", companyName: "Only in A", currency: "EUR" }) { _id } } } }',
    );
    expect(created.body.data.x3MasterData.customer.create._id).toBe('ONLYA');
    expect(
      (await gql(sandbox.url, b, '{ x3MasterData { customer { read(_id: "ONLYA") { _id } } } }')).body.data.x3MasterData
        .customer.read,
    ).toBeNull();
    const crossed = await gql(sandbox.url, { ...b, connectedApplication: a.connectedApplication }, '{ __typename }');
    expect(crossed.status).toBe(401);
  });

  it('serves its schema for introspection, with X3 field codes in the descriptions', async () => {
    const { body } = await gql(sandbox.url, a, '{ __type(name: "Customer") { fields { name description } } }');
    const fields = Object.fromEntries((body.data.__type.fields as Field[]).map((f) => [f.name, f.description]));
    expect(fields.code).toBe('Code (BPCNUM)');
    expect(fields.companyName).toBe('Company name (BPCNAM)');
    expect(fields._updateStamp).toBe('Update stamp (UPDDATTIM)');
    const input = await gql(sandbox.url, a, '{ __type(name: "PurchaseReceipt_Input") { inputFields { name } } }');
    expect((input.body.data.__type.inputFields as Field[]).map((f) => f.name)).toEqual(
      expect.arrayContaining(['receiptSite', 'supplier', 'lines']),
    );
  });

  it('pages forward and backward with Relay cursors and counts', async () => {
    const page = async (args: string) =>
      (
        await gql(
          sandbox.url,
          a,
          `{ x3MasterData { customer { ${args ? `query(${args})` : 'query'} { edges { node { _id } cursor } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } totalCount } } } }`,
        )
      ).body.data.x3MasterData.customer.query;
    const first = await page('first: 5');
    expect(first.totalCount).toBe(22);
    expect((first.edges as Edge[]).map((e) => e.node._id)).toEqual(['AE003', 'AO005', 'APA01', 'AU001', 'AU002']);
    expect(first.edges[0].cursor).toBe('["AE003"]#1');
    const second = await page(`first: 5, after: ${JSON.stringify(first.pageInfo.endCursor)}`);
    expect(second.edges[0].node._id).toBe('AU003');
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const back = await page(`last: 2, before: ${JSON.stringify(second.pageInfo.startCursor)}`);
    expect((back.edges as Edge[]).map((e) => e.node._id)).toEqual(['AU001', 'AU002']);
    const bad = await gql(sandbox.url, a, '{ x3MasterData { customer { query(after: "garbage") { totalCount } } } }');
    expect(bad.body.errors[0].message).toBe('Invalid cursor: garbage');
    const defaultPage = await page('');
    expect(defaultPage.edges).toHaveLength(20);
  });

  it('guards the control API with the folder control token', async () => {
    const res = await fetch(`${sandbox.url}/x3-control/folders/${a.folder}`, {
      headers: { authorization: `Bearer ${b.controlToken}` },
    });
    expect(res.status).toBe(401);
    const summary = await control(sandbox.url, a, 'GET', '');
    expect(summary.status).toBe(200);
    expect(summary.body.counts).toMatchObject({ company: 6, site: 7, purchaseOrder: 5 });
  });

  it('places a late commit below the newest stamp already served', async () => {
    await control(sandbox.url, a, 'POST', '/touch', { entity: 'customer', ids: ['AE003'] });
    const late = await control(sandbox.url, a, 'POST', '/late-commits', {
      entity: 'customer',
      id: 'GB001',
      changes: { companyName: 'Late Ltd' },
      secondsBehind: 3,
    });
    const { body } = await gql(
      sandbox.url,
      a,
      '{ x3MasterData { customer { query(first: 1, orderBy: "{_updateStamp:-1}") { edges { node { _updateStamp } } } read(_id: "GB001") { companyName _updateStamp } } } }',
    );
    const newest = Date.parse(body.data.x3MasterData.customer.query.edges[0].node._updateStamp);
    expect(body.data.x3MasterData.customer.read.companyName).toBe('Late Ltd');
    expect(Date.parse(body.data.x3MasterData.customer.read._updateStamp)).toBe(Date.parse(late.body.updateStamp));
    expect(Date.parse(late.body.updateStamp)).toBeLessThanOrEqual(newest - 3000);
  });

  it('refuses a late commit without an id instead of naming record "undefined"', async () => {
    const late = await control(sandbox.url, a, 'POST', '/late-commits', { entity: 'customer', changes: {} });
    expect(late.status).toBe(400);
    expect(late.body.message).toBe('id is required');
  });

  it('deletes a folder through its control API', async () => {
    const c = await provisionFolder(sandbox.url);
    expect((await gql(sandbox.url, c, '{ __typename }')).status).toBe(200);
    expect((await control(sandbox.url, c, 'DELETE', '')).status).toBe(204);
    expect((await gql(sandbox.url, c, '{ __typename }')).status).toBe(404);
    expect((await control(sandbox.url, c, 'GET', '')).status).toBe(401);
  });

  it('requires the provisioning token when one is configured', async () => {
    const guarded = await startSandbox({ SANDBOX_X3_PROVISION_TOKEN: 'provision-secret-123' });
    try {
      expect((await fetch(`${guarded.url}/x3-control/folders`, { method: 'POST' })).status).toBe(401);
      const ok = await fetch(`${guarded.url}/x3-control/folders`, {
        method: 'POST',
        headers: { authorization: 'Bearer provision-secret-123' },
      });
      expect(ok.status).toBe(201);
    } finally {
      await guarded.close();
    }
  });

  it('injects faults until they are used up', async () => {
    expect((await control(sandbox.url, b, 'POST', '/faults', { mode: 'http-503', count: 2 })).status).toBe(204);
    expect((await gql(sandbox.url, b, '{ __typename }')).status).toBe(503);
    expect((await gql(sandbox.url, b, '{ __typename }')).status).toBe(503);
    expect((await gql(sandbox.url, b, '{ __typename }')).status).toBe(200);
    expect((await control(sandbox.url, b, 'POST', '/faults', { mode: 'meteor' })).status).toBe(400);
  });
});
