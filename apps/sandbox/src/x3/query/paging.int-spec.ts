/** @jest-environment ./apps/sandbox/src/x3/testing/native-require.environment.js */
import { RunningSandbox, TestFolder, provisionFolder, startSandbox } from '../testing/x3-test-sandbox';
import { gql } from '../testing/x3-test-client';

interface Connection {
  edges: Array<{ node: { _id: string }; cursor: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

describe('X3 keyset paging', () => {
  let sandbox: RunningSandbox;
  let folder: TestFolder;
  let total: number;

  beforeAll(async () => {
    sandbox = await startSandbox();
    folder = await provisionFolder(sandbox.url);
    // A few customers billed to another one: the rest have no bill-to, so their sort key is null.
    for (const [code, billTo] of [
      ['PGBILL1', 'AE003'],
      ['PGBILL2', 'ZA005'],
      ['PGBILL3', 'AE003'],
    ]) {
      const { body } = await gql(
        sandbox.url,
        folder,
        `mutation { x3MasterData { customer { create(data: { code: "${code}", companyName: "Billed ${code}", currency: "EUR", billToCustomer: "${billTo}" }) { _id } } } }`,
      );
      expect(body.errors).toBeUndefined();
    }
    total = (await customers('first: 1')).totalCount;
  });
  afterAll(() => sandbox?.close());

  const customers = async (args: string): Promise<Connection> => {
    const { body } = await gql(
      sandbox.url,
      folder,
      `{ x3MasterData { customer { query(${args}) { edges { node { _id } cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } } } }`,
    );
    expect(body.errors).toBeUndefined();
    return body.data.x3MasterData.customer.query as Connection;
  };

  /** Follows endCursor (or startCursor, backwards) until the server says there is no more. */
  const pageThrough = async (orderBy: string, backward: boolean): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const size = backward ? 'last: 4' : 'first: 4';
      const from: string = cursor ? `, ${backward ? 'before' : 'after'}: ${JSON.stringify(cursor)}` : '';
      const page = await customers(`${size}${from}, orderBy: ${JSON.stringify(orderBy)}`);
      const pageIds = page.edges.map((e) => e.node._id);
      if (backward) ids.unshift(...pageIds);
      else ids.push(...pageIds);
      const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
      if (!more) return ids;
      cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
    }
    throw new Error('paging did not end');
  };

  it.each([
    ['{billToCustomer:{companyName:1}}'],
    ['{billToCustomer:{companyName:-1}}'],
    ['{billToCustomer:{companyName:1},_id:-1}'],
  ])('returns every record once when the sort key is null for some (%s)', async (orderBy) => {
    const whole = (await customers(`first: 1000, orderBy: ${JSON.stringify(orderBy)}`)).edges.map((e) => e.node._id);
    expect(whole).toHaveLength(total);
    expect(new Set(whole).size).toBe(total);
    expect(await pageThrough(orderBy, false)).toEqual(whole);
    expect(await pageThrough(orderBy, true)).toEqual(whole);
  });

  it('sorts records whose sort key is null before the others, ascending', async () => {
    const page = await customers('first: 1000, orderBy: "{billToCustomer:{companyName:1}}"');
    const withBillTo = await customers('first: 1000, filter: "{billToCustomer:{_ne:null}}"');
    const billed = new Set(withBillTo.edges.map((e) => e.node._id));
    expect(billed.size).toBe(3);
    const ids = page.edges.map((e) => e.node._id);
    expect(ids.slice(ids.length - billed.size).every((id) => billed.has(id))).toBe(true);
  });

  it('numbers cursors by their real position when paging from the end', async () => {
    const tail = await customers('last: 3');
    expect(tail.totalCount).toBe(total);
    expect(tail.edges.map((e) => e.cursor.split('#')[1])).toEqual([total - 2, total - 1, total].map(String));
    const all = await customers('first: 1000');
    expect(tail.edges.map((e) => e.cursor)).toEqual(all.edges.slice(total - 3).map((e) => e.cursor));
    const before = await customers(`last: 2, before: ${JSON.stringify(tail.pageInfo.startCursor)}`);
    expect(before.edges.map((e) => e.cursor)).toEqual(all.edges.slice(total - 5, total - 3).map((e) => e.cursor));
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });
});
