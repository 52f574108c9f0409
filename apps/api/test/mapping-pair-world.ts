// A world for mapping dry-run e2e suites: the Xero and X3 sandboxes with the api, one X3 folder,
// and the helpers the suites share — read X3 straight from its sandbox, snapshot both sides,
// and pair a fresh Xero organisation of a region with its X3 company.
import { createX3Transport, X3EntityName, X3Record } from '#lb/connectors/sage-x3';
import type { StarterRegion } from '#lb/mapping';
import { api, authorize, registerApp, uniq } from '../../sandbox/src/xero/testing/sandbox-harness';
import { control as x3Control, provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { pairRegion } from './region-pair';
import { startXeroWorld, XeroWorld } from './xero-world';

type Json = Record<string, unknown>;

/** Registers the suite's beforeAll/afterAll; `nodes` are the X3 nodes a snapshot of both sides covers. */
export function usePairWorld(nodes: readonly X3EntityName[]) {
  let world: XeroWorld;
  let folder: TestFolder;

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true' });
    folder = await provisionFolder(world.sandbox.url);
  });
  afterAll(async () => {
    await world?.close();
  });

  /** A connector transport straight to the suite's X3 folder (the caller closes it). */
  const x3Transport = (companies: string[]) =>
    createX3Transport({
      baseUrl: world.sandbox.url,
      endpoint: folder.folder,
      companies,
      auth: { kind: 'jwt', ...folder.connectedApplication },
      allowPrivateTargets: true,
    });

  /** One X3 node's records in the given companies' scope, read straight from the X3 sandbox. */
  const x3List = async (node: X3EntityName, companies: string[]) => {
    const transport = x3Transport(companies);
    const records: X3Record[] = [];
    try {
      for await (const r of transport.list(node)) records.push(r);
    } finally {
      transport.close();
    }
    return records;
  };

  /** The records of a company's scope the seed holds, per node. */
  const x3Records = async (companies: string[]) => {
    const out = new Map<X3EntityName, X3Record[]>();
    for (const node of nodes) out.set(node, await x3List(node, companies));
    return out;
  };
  /** Everything the X3 folder and the Xero organisation hold that a write could touch. */
  const bothSides = async (xeroRead: ReturnType<typeof api>) => {
    const x3 = [...(await x3Records([])).entries()].flatMap(([node, records]) =>
      records.map((r) => `${node}:${r._id}:${String(r._updateStamp)}`),
    );
    const summary = (await x3Control(world.sandbox.url, folder, 'GET', '')).body.counts;
    const xero = await Promise.all(
      ['/Contacts?pageSize=1000', '/Invoices?pageSize=1000', '/Items', '/Payments'].map(async (path) => {
        // The envelope's Id and DateTimeUTC differ on every answer; the records do not.
        const { Id: _id, DateTimeUTC: _at, ...records } = JSON.parse((await xeroRead('GET', path)).text) as Json;
        return records;
      }),
    );
    return { x3: x3.sort(), summary, xero };
  };

  /** A tenant signed in with a fresh Xero organisation of the region, paired with its X3 company. */
  const pairFor = async (region: StarterRegion) => {
    const { admin, org, integrationId } = await pairRegion(world, folder, region, `dry-run-${region}`);
    const reader = await registerApp(world.sandbox, uniq('reader'));
    const { tokens } = await authorize(world.sandbox, reader, org);
    return {
      admin,
      org,
      base: `/api/integrations/${integrationId}/mappings`,
      xeroRead: api(world.sandbox, tokens.access_token, org.tenantId),
    };
  };

  return { world: () => world, x3Transport, x3List, x3Records, bothSides, pairFor };
}
