// A tenant signed in with a fresh Xero organisation of a region, its X3 folder connected and the
// two paired on the region's X3 company: the setup the mapping suites share.
import { REGION_FACTS, StarterRegion } from '#lb/mapping';
import { CookieBrowser } from '#lb/testing';
import type { TestOrg } from '../../sandbox/src/xero/testing/sandbox-harness';
import type { TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { change, connectXero, newOrg, read, signInWithXero, uniqueEmail, XeroWorld } from './xero-world';

export interface RegionPair {
  admin: CookieBrowser;
  org: TestOrg;
  integrationId: string;
}

/** `label` names the tenant's email (unique per call). */
export async function pairRegion(
  world: XeroWorld,
  folder: TestFolder,
  region: StarterRegion,
  label: string,
): Promise<RegionPair> {
  const org = await newOrg(world, uniqueEmail(label), region);
  const admin = new CookieBrowser();
  await signInWithXero(world, admin, org);
  await connectXero(world, admin, org);
  const a = folder.connectedApplication;
  const x3 = await change(world, admin, 'POST', '/api/connections/x3', {
    name: 'Folder',
    baseUrl: world.sandbox.url,
    folder: folder.folder,
    companies: [],
    auth: { mode: 'jwt', clientId: a.clientId, secret: a.secret, user: a.user },
  });
  expect(x3.status).toBe(201);
  const xeroId = (await read(world, admin, '/api/connections')).body.xero[0].id;
  const pair = await change(world, admin, 'POST', '/api/integrations', {
    name: `${region} ledger`,
    xeroConnectionId: xeroId,
    x3ConnectionId: x3.body.id,
    x3Company: REGION_FACTS[region].x3Company,
  });
  expect(pair.status).toBe(201);
  return { admin, org, integrationId: String(pair.body.id) };
}
