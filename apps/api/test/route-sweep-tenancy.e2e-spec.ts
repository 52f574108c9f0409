import { DataSource } from 'typeorm';
import { CookieBrowser, ownerDataSource } from '#lb/testing';
import { provisionFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { GLOBAL_PREFIX, UNPREFIXED_ROUTES } from '../src/app.factory';
import { listRoutes, RouteEntry } from '../src/access/route-inventory';
import {
  change,
  connectXero,
  invitationToken,
  newOrg,
  read,
  signInWithXero,
  startXeroWorld,
  uniqueEmail,
  XeroWorld,
} from './xero-world';

/** Bodies that pass validation, so a refusal can only come from the role or tenancy checks. */
const VALID_BODY: Record<string, unknown> = {
  'PATCH /api/tenant/members/:id': { role: 'viewer' },
  'PATCH /api/connections/x3/:id/credentials': { auth: { mode: 'basic', user: 'someone', password: 'something' } },
  'POST /api/integrations/:id/flows/:flowKey/versions': {
    document: {
      entity: 'invoice',
      direction: 'x3-to-xero',
      trigger: { kind: 'manual' },
      steps: [
        { kind: 'transform', mapping: { direction: 'x3-to-xero', version: 'active' } },
        { kind: 'action', action: 'flag' },
      ],
      options: {},
      enabled: false,
    },
  },
  'POST /api/integrations/:id/dead-letters/replay': { flowKey: 'invoices', sourceKeys: ['FAC001'], version: 'pinned' },
  'POST /api/billing/checkout': { plan: 'growth', interval: 'month' },
  'PUT /api/billing/active-integrations': { integrationIds: [] },
  'POST /api/integrations/:id/shop-connections': {
    name: 'Shop',
    salesSite: 'NZ011',
    xeroPaymentAccount: '090',
    customerDefaults: { currency: 'NZD', taxRule: 'NZL', paymentTerm: 'CH30NETEOM' },
  },
};

/** Values for a route's other path parameters that pass validation, so only the id decides. */
const VALID_PARAM: Record<string, string> = {
  flowKey: 'invoices',
  heldId: '00000000-0000-4000-8000-000000000000',
  deadLetterId: '00000000-0000-4000-8000-000000000000',
  connectionId: '00000000-0000-4000-8000-000000000000',
  eventId: '00000000-0000-4000-8000-000000000000',
  version: '1',
  runId: '00000000-0000-4000-8000-000000000000',
  recordKey: 'SO00042',
};

/**
 * Generated from the router: every change a viewer may not make answers 403, and every route
 * that takes an id answers 404 for another tenant's id, and leaves that tenant untouched.
 */
describe('route sweep: roles and tenancy', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let routes: RouteEntry[];
  const theirs: Record<string, string> = {};
  let them: CookieBrowser;
  let me: CookieBrowser;
  let viewer: CookieBrowser;

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true' });
    owner = await ownerDataSource();
    routes = listRoutes(world.api.app!, GLOBAL_PREFIX, UNPREFIXED_ROUTES);

    // Their tenant, with one of everything.
    const theirOrg = await newOrg(world, uniqueEmail('them'));
    them = new CookieBrowser();
    await signInWithXero(world, them, theirOrg);
    await connectXero(world, them, theirOrg);
    const folder = await provisionFolder(world.sandbox.url);
    const a = folder.connectedApplication;
    const x3 = await change(world, them, 'POST', '/api/connections/x3', {
      name: 'Theirs',
      baseUrl: world.sandbox.url,
      folder: folder.folder,
      companies: [],
      auth: { mode: 'jwt', clientId: a.clientId, secret: a.secret, user: a.user },
    });
    const xeroId = (await read(world, them, '/api/connections')).body.xero[0].id;
    const pair = await change(world, them, 'POST', '/api/integrations', {
      name: 'Theirs',
      xeroConnectionId: xeroId,
      x3ConnectionId: x3.body.id,
      x3Company: 'FR10',
    });
    const invite = await change(world, them, 'POST', '/api/tenant/invitations', {
      email: uniqueEmail('someone'),
      role: 'viewer',
    });
    const probe = await change(world, them, 'POST', '/api/diagnostics/probes');
    const membership = (await read(world, them, '/api/tenant/members')).body[0].membershipId;
    Object.assign(theirs, {
      '/api/connections/x3/:id': x3.body.id,
      '/api/connections/xero/:id': xeroId,
      '/api/integrations/:id': pair.body.id,
      '/api/tenant/invitations/:id': invite.body.id,
      '/api/diagnostics/probes/:id': probe.body.id,
      '/api/tenant/members/:id': membership,
    });

    // Our tenant: an owner, and a viewer who joined by invitation.
    const myOrg = await newOrg(world, uniqueEmail('me'));
    me = new CookieBrowser();
    await signInWithXero(world, me, myOrg);
    const viewerOrg = await newOrg(world, uniqueEmail('viewer'));
    await change(world, me, 'POST', '/api/tenant/invitations', { email: viewerOrg.userEmail, role: 'viewer' });
    viewer = new CookieBrowser();
    await change(world, viewer, 'POST', '/api/invitations/accept', {
      token: await invitationToken(owner, viewerOrg.userEmail),
    });
    await signInWithXero(world, viewer, viewerOrg);
  });

  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  const call = (browser: CookieBrowser, route: RouteEntry, path: string) => {
    const body = VALID_BODY[`${route.method} ${route.path}`];
    return route.method === 'GET' ? read(world, browser, path) : change(world, browser, route.method, path, body);
  };

  it("refuses every viewer a change the viewer's role does not allow", async () => {
    const forbidden = routes.filter((r) => r.access?.kind === 'roles' && !r.access.roles.includes('viewer'));
    expect(forbidden.length).toBeGreaterThan(15);
    const wrong: string[] = [];
    for (const route of forbidden) {
      const path = route.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await call(viewer, route, path);
      if (res.status !== 403) wrong.push(`${route.method} ${route.path} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers 404 for another tenant's ids on every route that takes one, and changes nothing there", async () => {
    const withIds = routes.filter((r) => r.access?.kind === 'roles' && r.path.includes('/:id'));
    const unmapped = withIds.map((r) => r.path.slice(0, r.path.indexOf('/:id') + 4)).filter((p) => !theirs[p]);
    expect(unmapped).toEqual([]); // a new route with an id must be added to this sweep
    const wrong: string[] = [];
    for (const route of withIds) {
      const prefix = route.path.slice(0, route.path.indexOf('/:id') + 4);
      const path = route.path
        .replace(prefix, `${prefix.slice(0, -4)}/${theirs[prefix]}`)
        .replace(/:([A-Za-z]+)/g, (_, name: string) => VALID_PARAM[name] ?? `:${name}`);
      const res = await call(me, route, path);
      if (res.status !== 404) wrong.push(`${route.method} ${route.path} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
    // Their tenant still has everything, unchanged.
    const after = (await read(world, them, '/api/connections')).body;
    expect(after.xero).toEqual([
      expect.objectContaining({ id: theirs['/api/connections/xero/:id'], status: 'active' }),
    ]);
    expect(after.x3).toEqual([expect.objectContaining({ id: theirs['/api/connections/x3/:id'], status: 'ok' })]);
    expect((await read(world, them, '/api/integrations')).body).toHaveLength(1);
    expect((await read(world, them, '/api/tenant/members')).body[0]).toMatchObject({
      membershipId: theirs['/api/tenant/members/:id'],
      role: 'owner',
    });
    expect((await read(world, them, '/api/tenant/invitations')).body[0]).toMatchObject({ status: 'pending' });
  });
});
