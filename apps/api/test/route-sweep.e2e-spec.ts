import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { GLOBAL_PREFIX, UNPREFIXED_ROUTES } from '../src/app.factory';
import { listRoutes, RouteEntry } from '../src/access/route-inventory';
import { INBOUND_BODY_LIMITS } from '../src/edge/inbound-limits';
import { RunningApi, startApi } from './api-harness';

/**
 * REVIEW A DIFF IN route-permissions.json AS A PERMISSION CHANGE: it lists who may reach every
 * route. Regenerate with UPDATE_ROUTE_PERMISSIONS=1 npm test -- --testPathPatterns route-sweep.
 */
const SNAPSHOT = join(__dirname, 'route-permissions.json');

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const routeKey = (r: RouteEntry) => `${r.method} ${r.path}`;

/** Takes a body from someone without a session: a webhook or a sign-in step (docs/architecture.md). */
const isInbound = (r: RouteEntry) =>
  BODY_METHODS.has(r.method) && (r.access?.kind === 'public' || r.access?.kind === 'signature');

function describeAccess(route: RouteEntry): string {
  const a = route.access;
  if (!a) return 'UNDECLARED';
  const cap = INBOUND_BODY_LIMITS[routeKey(route)];
  const capped = cap ? ` [body ≤ ${cap.size}, depth ≤ ${cap.depth}]` : '';
  if (a.kind === 'public' || a.kind === 'signature') return `${a.kind}: ${a.reason}${capped}`;
  if (a.kind === 'roles') return `roles: ${a.roles.join(', ')}`;
  return 'staff';
}

describe('route sweep', () => {
  let api: RunningApi;
  let routes: RouteEntry[];

  beforeAll(async () => {
    api = await startApi();
    routes = listRoutes(api.app, GLOBAL_PREFIX, UNPREFIXED_ROUTES);
  });
  afterAll(() => api.close());

  it('finds the routes from the router itself', () => {
    expect(routes.length).toBeGreaterThanOrEqual(5);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /health', 'GET /metrics']));
  });

  it('has every route declare its access', () => {
    expect(routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path} (${r.handler})`)).toEqual([]);
  });

  it('matches the reviewed permission list', () => {
    const current = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, describeAccess(r)]));
    if (process.env.UPDATE_ROUTE_PERMISSIONS) writeFileSync(SNAPSHOT, `${JSON.stringify(current, null, 2)}\n`);
    expect(current).toEqual(JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
  });

  it('caps the body size and nesting of every inbound endpoint (src/edge/inbound-limits.ts)', () => {
    const inbound = routes.filter(isInbound).map(routeKey).sort();
    expect(inbound.length).toBeGreaterThan(0);
    expect(Object.keys(INBOUND_BODY_LIMITS).sort()).toEqual(inbound);
  });

  it('answers 401 on every non-public route without a session', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      if (route.access?.kind === 'public') continue;
      const path = route.path.replace(/:[A-Za-z_]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await request(api.url)[route.method.toLowerCase() as 'get'](path).send({});
      if (res.status !== 401) failures.push(`${route.method} ${route.path} → ${res.status}`);
      // Webhook receivers answer their callers' way (Xero wants an empty body); the rest use ours.
      else if (route.access?.kind !== 'signature') {
        expect(res.body).toEqual(expect.objectContaining({ statusCode: 401, error: 'Unauthorized' }));
      }
    }
    expect(failures).toEqual([]);
  });
});
