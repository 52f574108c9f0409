// A soak tenant, set up as a user does it through an api process: a fresh Xero organisation (its
// invoice numbers not held unique, so a duplicate write would be stored and counted), Sign in with
// Xero, connect Xero and an X3 folder, pair, confirm the first-connection matching, install the
// starter flows and switch on customers, products and invoices (x3 → xero).
import { REGION_FACTS, StarterRegion } from '#lb/mapping';
import { CookieBrowser } from '#lb/testing';
import { change, connectXero, read, signInWithXero, uniqueEmail, XeroWorld } from '../../apps/api/test/xero-world';
import {
  createOrg,
  control as xeroControl,
  Sandbox,
  TestOrg,
} from '../../apps/sandbox/src/xero/testing/sandbox-harness';
import { control as x3Control, provisionFolder, TestFolder } from '../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import type { XeroApp } from './processes';

export const SOAK_FLOWS = ['customers', 'products', 'invoices'];
const REGION = 'NZ' as const;
/** The region's X3 sales site in the sandbox's seeded folders. */
export const siteOf = (region: StarterRegion) => `${REGION_FACTS[region].x3Company.slice(0, 2)}011`;

export interface SoakTenant {
  index: number;
  apiUrl: string;
  org: TestOrg;
  folder: TestFolder;
  tenantId: string;
  integrationId: string;
  /** What the soak posted in X3 for this tenant: the records that must reach Xero. */
  posted: { customers: string[]; invoices: string[] };
}

export function worldOf(sandboxUrl: string, apiUrl: string, app: XeroApp): XeroWorld {
  const none = () => Promise.resolve();
  return {
    sandbox: { url: sandboxUrl, close: none } as Sandbox,
    api: { url: apiUrl, close: none },
    app,
    env: {},
    close: none,
  };
}

export function must(what: string, res: { status: number; body?: unknown }, status: number): void {
  if (res.status !== status) throw new Error(`soak: ${what} answered ${res.status} ${JSON.stringify(res.body)}`);
}

export async function pairTenant(index: number, sandboxUrl: string, apiUrl: string, app: XeroApp): Promise<SoakTenant> {
  const world = worldOf(sandboxUrl, apiUrl, app);
  const org = await createOrg(world.sandbox, uniqueEmail(`soak-${index}`), REGION);
  must(
    'the uniqueness switch',
    await xeroControl(world.sandbox, org, 'POST', '/settings', { invoiceNumbersUnique: false }),
    200,
  );
  const admin = new CookieBrowser();
  await signInWithXero(world, admin, org);
  await connectXero(world, admin, org);
  const signInAgain = () => signInWithXero(world, admin, org).then(() => undefined);
  const started = await connectPairStart(world, admin, {
    sandboxUrl,
    name: `Soak ${index}`,
    region: REGION,
    signInAgain,
  });
  return { index, apiUrl, org, ...started, posted: { customers: [], invoices: [] } };
}

/**
 * For a signed-in admin whose Xero organisation is connected: a fresh X3 sandbox folder connected,
 * paired with the region's company, the first-connection matching confirmed as proposed, the
 * starter flows installed and customers, products and invoices switched on.
 */
export async function connectPairStart(
  world: XeroWorld,
  admin: CookieBrowser,
  opts: { sandboxUrl: string; name: string; region: StarterRegion; signInAgain: () => Promise<void> },
): Promise<{ folder: TestFolder; tenantId: string; integrationId: string; xeroConnectionId: string }> {
  const folder = await provisionFolder(opts.sandboxUrl);
  const a = folder.connectedApplication;
  const x3 = await change(world, admin, 'POST', '/api/connections/x3', {
    name: 'Folder',
    baseUrl: opts.sandboxUrl,
    folder: folder.folder,
    companies: [],
    auth: { mode: 'jwt', clientId: a.clientId, secret: a.secret, user: a.user },
  });
  must('the X3 connection', x3, 201);
  const xero = ((await read(world, admin, '/api/connections')).body as { xero: Array<{ id: string }> }).xero;
  if (xero.length !== 1) throw new Error(`soak: expected one connected Xero organisation, found ${xero.length}`);
  const xeroConnectionId = String(xero[0].id);
  const pair = await change(world, admin, 'POST', '/api/integrations', {
    name: opts.name,
    xeroConnectionId,
    x3ConnectionId: (x3.body as { id: string }).id,
    x3Company: REGION_FACTS[opts.region].x3Company,
  });
  must('pairing', pair, 201);
  const integrationId = String((pair.body as { id: string }).id);
  const session = await read(world, admin, '/api/auth/session');
  const base = `/api/integrations/${integrationId}`;
  const run = await change(world, admin, 'POST', `${base}/matching/run`);
  must('the matching run', run, 200);
  const view = run.body as {
    runId: string;
    ambiguous: Array<{ entity: string; x3Key: string; candidates: Array<{ xeroId: string }> }>;
    clashes: Array<{ entity: string; x3Key: string; proposedName: string }>;
  };
  must(
    'the matching confirmation',
    await change(world, admin, 'POST', `${base}/matching/confirm`, {
      runId: view.runId,
      acceptAll: true,
      accept: view.ambiguous.map((m) => ({ entity: m.entity, x3Key: m.x3Key, xeroId: m.candidates[0].xeroId })),
      renames: view.clashes.map((c) => ({ entity: c.entity, x3Key: c.x3Key, name: c.proposedName })),
    }),
    200,
  );
  must('the starter flows', await change(world, admin, 'POST', `${base}/flows/starter`), 201);
  for (const flow of SOAK_FLOWS) {
    let on = await change(world, admin, 'POST', `${base}/flows/${flow}/enable`);
    if (on.status === 401 && JSON.stringify(on.body).includes('reauth_required')) {
      await opts.signInAgain(); // a slow set-up outlasts the recent-sign-in window
      on = await change(world, admin, 'POST', `${base}/flows/${flow}/enable`);
    }
    must(`enabling ${flow}`, on, 200);
  }
  return {
    folder,
    tenantId: String((session.body as { tenant: { id: string } }).tenant.id),
    integrationId,
    xeroConnectionId,
  };
}

/** Posts `invoices` X3 invoices for the tenant (one new customer per `perCustomer` invoices), remembered as posted. */
export async function postInvoices(
  sandboxUrl: string,
  t: Pick<SoakTenant, 'folder' | 'posted'>,
  invoices: number,
  region: StarterRegion = REGION,
  perCustomer = 5,
): Promise<void> {
  const chunk = 100; // a bulk post of 200 outlasted the X3 sandbox's answer on a loaded machine
  for (let done = 0; done < invoices; done += chunk) {
    const n = Math.min(chunk, invoices - done);
    const res = await x3Control(sandboxUrl, t.folder, 'POST', '/bulk/sales-invoices', {
      site: siteOf(region),
      customers: Math.max(1, Math.ceil(n / perCustomer)),
      invoices: n,
    });
    must('X3 bulk invoices', res, 201);
    const made = res.body as { customers: string[]; invoices: string[] };
    t.posted.customers.push(...made.customers);
    t.posted.invoices.push(...made.invoices);
  }
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}
