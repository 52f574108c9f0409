// The sync engine's proof world: the sandboxes (Xero on a scaled clock, X3), the api, and the
// worker as its own OS process (so a test can kill -9 it and start another), with tenants paired
// as a user pairs them (sign in with Xero, connect X3, pair, confirm the first-connection
// matching, switch flows on). Helpers seed X3 volume, count what Xero holds by our own keys
// (invoice-number uniqueness switched off, so a duplicate would show), count our Xero calls, and
// wait for conditions — failing fast, with the reason, when the worker dies or nothing moves.
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { REGION_FACTS, StarterRegion } from '#lb/mapping';
import type { Client } from 'pg';
import { CookieBrowser, isolatedDatabase, ownerDataSource, SuiteDatabase } from '#lb/testing';
import { takeSyncWorldLock } from './sync-world-lock';
import { findFreePort } from '../../../scripts/devstack/ports';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';

import { startApi, RunningApi } from '../../api/test/api-harness';
import { change, connectXero, read, signInWithXero, uniqueEmail, XeroWorld } from '../../api/test/xero-world';
import {
  api as xeroApi,
  authorize,
  createOrg,
  control as xeroControl,
  http,
  registerApp,
  Sandbox,
  TestOrg,
} from '../../sandbox/src/xero/testing/sandbox-harness';
import { startSandboxProcess } from '../../../libs/connectors/xero/test/sandbox-process';
import { control as x3Control, provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { startWorker, WorkerProcess } from './worker-harness';
import { countsOf, PendingCounts, SyncProbe } from './sync-probe';
import * as readback from './sync-world-readback';
import * as xeroRead from './sync-world-xero';

/** Invoices per X3 bulk-seeding call. */
const SEED_CHUNK = 200;

export interface SyncWorldOptions {
  /** Xero seconds per real second, given alike to the sandbox (SANDBOX_CLOCK_SCALE) and to our processes (XERO_CLOCK_SCALE). */
  clockScale?: number;
  /** Extra environment for the api and the worker. */
  env?: Record<string, string>;
  /** Offer "Try with the sandbox" (the api's SANDBOX_URL is this world's sandbox). */
  trial?: boolean;
  /** Our database on a server of the caller's (one a scenario may stop); else a copy on the run's. */
  database?: SuiteDatabase;
}

export interface SyncTenant {
  region: StarterRegion;
  admin: CookieBrowser;
  org: TestOrg;
  folder: TestFolder;
  tenantId: string;
  integrationId: string;
  xeroConnectionId: string;
  /** The Accounting API as another app sees the organisation: our own calls are not spent reading. */
  xeroRead: ReturnType<typeof xeroApi>;
}

export class SyncWorld {
  /** The integrations this world paired: paused when it closes. */
  private readonly paired: string[] = [];

  private lock?: Client;
  private workerProc: WorkerProcess | undefined;
  private readonly workerLogs: string[] = [];

  private constructor(
    readonly sandbox: Sandbox,
    readonly api: RunningApi,
    readonly env: Record<string, string>,
    readonly owner: DataSource,
    readonly redis: Redis,
    readonly clockScale: number,
    readonly app: XeroWorld['app'],
    private readonly database: SuiteDatabase,
  ) {}

  /** Waits its turn (one world at a time: sync-world-lock.ts), then starts. */
  static async start(opts: SyncWorldOptions = {}): Promise<SyncWorld> {
    const lock = await takeSyncWorldLock();
    try {
      const world = await SyncWorld.startHoldingLock(opts);
      world.lock = lock;
      return world;
    } catch (e) {
      await lock.end().catch(() => undefined);
      throw e;
    }
  }

  private static async startHoldingLock(opts: SyncWorldOptions): Promise<SyncWorld> {
    const clockScale = opts.clockScale ?? 1;
    // Its own process: in this one, the sandbox's event loop would share the api's and the test's.
    const proc = await startSandboxProcess({ SANDBOX_CLOCK_SCALE: String(clockScale) }, 180_000);
    // The sandbox helpers take a Sandbox and read only its url (and close it through close()).
    const sandbox = { url: proc.url, close: () => proc.stop() } as Sandbox;
    const port = await findFreePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const reg = await http(`${sandbox.url}/xero-developer/apps`, {
      method: 'POST',
      json: {
        name: `Ledgerbridge sync ${port}`,
        redirectUris: [`${publicUrl}/api/auth/xero/callback`, `${publicUrl}/api/xero/callback`],
      },
    });
    if (reg.status !== 201) throw new Error(`sync world: app registration failed: ${reg.status} ${reg.text}`);
    const app = reg.body as XeroWorld['app'];
    // Our own Redis database: Bull queues are global to one, and another suite's worker must not take our jobs.
    const redisUrl = await isolatedRedisUrl();
    // and our own database: the worker's sweeps and relay find every tenant in theirs (suite-database.ts)
    const database = opts.database ?? (await isolatedDatabase());
    const env = {
      DATABASE_URL: database.urls.DATABASE_URL,
      PUBLIC_URL: publicUrl,
      REDIS_URL: redisUrl,
      XERO_CLIENT_ID: app.clientId,
      XERO_CLIENT_SECRET: app.clientSecret,
      XERO_WEBHOOK_KEY: app.webhookKey,
      XERO_IDENTITY_URL: `${sandbox.url}/identity`,
      XERO_API_URL: sandbox.url,
      XERO_CLOCK_SCALE: String(clockScale),
      ALLOW_PRIVATE_TARGETS: 'true',
      ...(opts.trial ? { SANDBOX_URL: sandbox.url } : {}),
      ...opts.env,
    };
    const api = await startApi(env, port);
    const owner = await ownerDataSource(database.urls.DATABASE_OWNER_URL);
    return new SyncWorld(sandbox, api, env, owner, new Redis(redisUrl), clockScale, app, database);
  }

  /** The world as xero-world.ts's helpers (sign-in, connect, change, read) take it. */
  get asXeroWorld(): XeroWorld {
    return { sandbox: this.sandbox, api: this.api, app: this.app, env: this.env, close: () => this.close() };
  }

  get worker(): WorkerProcess {
    if (!this.workerProc) throw new Error('sync world: no worker is running');
    return this.workerProc;
  }

  async startWorker(): Promise<WorkerProcess> {
    if (this.workerProc) throw new Error('sync world: a worker is already running');
    // the proof world's worker sweeps (worlds run one at a time: the world lock)
    this.workerProc = await startWorker({ ...this.env, LOG_LEVEL: 'warn', SYNC_SWEEP: 'on' });
    return this.workerProc;
  }

  /** kill -9: no shutdown hook runs, Bull locks and claim leases are left to expire. */
  async killWorker(): Promise<void> {
    const proc = this.worker;
    this.workerLogs.push(proc.output());
    process.kill(proc.pid, 'SIGKILL');
    for (;;) {
      try {
        process.kill(proc.pid, 0);
      } catch {
        break; // gone (and reaped): the pid no longer exists
      }
      await new Promise((r) => setTimeout(r, 50)); // poll for the exit, not a pause
    }
    this.workerProc = undefined;
  }

  async stopWorker(): Promise<void> {
    if (!this.workerProc) return;
    this.workerLogs.push(this.workerProc.output());
    await this.workerProc.stop();
    this.workerProc = undefined;
  }

  /** Every worker's output so far, the running one last (for failure messages). */
  workerOutput(): string {
    return [...this.workerLogs, this.workerProc?.output() ?? ''].join('\n--- worker restarted ---\n');
  }

  /** Whether the running worker process is still alive (a dead one fails waits at once). */
  workerAlive(): boolean {
    if (!this.workerProc) return false;
    try {
      process.kill(this.workerProc.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A tenant as a user sets one up: a fresh Xero organisation of the region (invoice numbers not
   * held unique, so a duplicate write stays visible), Sign in with Xero, connect Xero and an X3
   * folder, pair with the region's company, run and confirm the first-connection matching
   * (`confirmMatching: false` leaves that to the caller, who seeds both sides first). `x3BaseUrl`
   * points the X3 connection elsewhere than the sandbox (a recording proxy in front of it).
   */
  async pairTenant(
    region: StarterRegion = 'NZ',
    opts: { confirmMatching?: boolean; x3BaseUrl?: string } = {},
  ): Promise<SyncTenant> {
    const world = this.asXeroWorld;
    const org = await createOrg(this.sandbox, uniqueEmail(`sync-${region}`), region);
    const off = await xeroControl(this.sandbox, org, 'POST', '/settings', { invoiceNumbersUnique: false });
    if (off.status !== 200) throw new Error(`sync world: the sandbox refused the uniqueness switch: ${off.text}`);
    const admin = new CookieBrowser();
    await signInWithXero(world, admin, org);
    await connectXero(world, admin, org);
    const folder = await provisionFolder(this.sandbox.url);
    const a = folder.connectedApplication;
    const x3 = await change(world, admin, 'POST', '/api/connections/x3', {
      name: 'Folder',
      baseUrl: opts.x3BaseUrl ?? this.sandbox.url,
      folder: folder.folder,
      companies: [],
      auth: { mode: 'jwt', clientId: a.clientId, secret: a.secret, user: a.user },
    });
    if (x3.status !== 201)
      throw new Error(`sync world: X3 connection refused: ${x3.status} ${JSON.stringify(x3.body)}`);
    const xeroConnectionId = String((await read(world, admin, '/api/connections')).body.xero[0].id);
    const pair = await change(world, admin, 'POST', '/api/integrations', {
      name: `${region} sync`,
      xeroConnectionId,
      x3ConnectionId: x3.body.id,
      x3Company: REGION_FACTS[region].x3Company,
    });
    if (pair.status !== 201)
      throw new Error(`sync world: pairing refused: ${pair.status} ${JSON.stringify(pair.body)}`);
    const integrationId = String(pair.body.id);
    const session = await read(world, admin, '/api/auth/session');
    const reader = await registerApp(this.sandbox, `sync reader ${integrationId.slice(0, 8)}`);
    const { tokens } = await authorize(this.sandbox, reader, org);
    const tenant: SyncTenant = {
      region,
      admin,
      org,
      folder,
      tenantId: String(session.body.tenant.id),
      integrationId,
      xeroConnectionId,
      xeroRead: this.renewingReader(reader, org, tokens.access_token),
    };
    this.paired.push(integrationId);
    if (opts.confirmMatching !== false) await this.confirmMatching(tenant);
    return tenant;
  }

  /** The reader app's Accounting API; its 30-minute token is renewed (consent again) when it expires. */
  private renewingReader(reader: Awaited<ReturnType<typeof registerApp>>, org: TestOrg, token: string) {
    let call = xeroApi(this.sandbox, token, org.tenantId);
    return async (...args: Parameters<typeof call>) => {
      const res = await call(...args);
      if (res.status !== 401) return res;
      call = xeroApi(this.sandbox, (await authorize(this.sandbox, reader, org)).tokens.access_token, org.tenantId);
      return call(...args);
    };
  }

  /** The first-connection review as an admin does it: every proposal accepted, clashes renamed as proposed. */
  async confirmMatching(t: SyncTenant): Promise<void> {
    const base = `/api/integrations/${t.integrationId}/matching`;
    const run = await change(this.asXeroWorld, t.admin, 'POST', `${base}/run`);
    if (run.status !== 200)
      throw new Error(`sync world: matching run answered ${run.status} ${JSON.stringify(run.body)}`);
    const view = run.body as {
      runId: string;
      ambiguous: Array<{ entity: string; x3Key: string; candidates: Array<{ xeroId: string }> }>;
      clashes: Array<{ entity: string; x3Key: string; proposedName: string }>;
    };
    const confirm = await change(this.asXeroWorld, t.admin, 'POST', `${base}/confirm`, {
      runId: view.runId,
      acceptAll: true,
      accept: view.ambiguous.map((a) => ({ entity: a.entity, x3Key: a.x3Key, xeroId: a.candidates[0].xeroId })),
      renames: view.clashes.map((c) => ({ entity: c.entity, x3Key: c.x3Key, name: c.proposedName })),
    });
    if (confirm.status !== 200 || !confirm.body?.confirmed)
      throw new Error(`sync world: matching confirm answered ${confirm.status} ${JSON.stringify(confirm.body)}`);
  }

  /**
   * Installs the starter flows (switched off, X3 polled every `pollSeconds`), then switches on the
   * named ones through the flows API as an admin does.
   */
  async enableFlows(t: SyncTenant, flowKeys: string[], pollSeconds = 5): Promise<void> {
    const base = `/api/integrations/${t.integrationId}/flows`;
    const listed = await read(this.asXeroWorld, t.admin, base);
    if (listed.status === 404 && /Cannot GET/.test(JSON.stringify(listed.body)))
      throw new Error('sync world: the api has no flows routes (apps/api/src/flows not in the app yet)');
    await this.installStarterFlows(t, pollSeconds);
    for (const flowKey of flowKeys) {
      let on = await change(this.asXeroWorld, t.admin, 'POST', `${base}/${flowKey}/enable`);
      if (on.status === 401 && JSON.stringify(on.body).includes('reauth_required')) {
        // Seeding a large X3 folder outlasts the recent-sign-in window: the admin signs in again, as asked.
        await signInWithXero(this.asXeroWorld, t.admin, t.org);
        on = await change(this.asXeroWorld, t.admin, 'POST', `${base}/${flowKey}/enable`);
      }
      if (on.status !== 200)
        throw new Error(`sync world: enabling ${flowKey} answered ${on.status} ${JSON.stringify(on.body)}`);
    }
  }

  private async installStarterFlows(t: SyncTenant, pollSeconds: number): Promise<void> {
    // The starter-flows service, as the api holds it (no route installs starter flows on a user's pairing yet).
    const sync = (await import('#lb/sync')) as Record<string, unknown>;
    const token = sync.StarterFlows as (abstract new (...args: never[]) => unknown) | undefined;
    if (!token) throw new Error('sync world: #lb/sync exports no StarterFlows (the flows API has not landed)');
    let service: { install: (tenantId: string, integrationId: string, opts: unknown) => Promise<unknown> };
    try {
      service = this.api.app.get(token, { strict: false });
    } catch {
      throw new Error('sync world: the api does not provide StarterFlows (FlowsModule not in the app yet)');
    }
    await service.install(t.tenantId, t.integrationId, {
      region: t.region,
      enable: false,
      pollSeconds,
      actor: { kind: 'system', id: 'sync-world' },
      origin: { ip: '127.0.0.1', userAgent: 'sync-world' },
    });
  }

  /** X3 volume: `customers` new customers of the region and `invoices` posted invoices billing them in turn. */
  async seedInvoices(
    t: SyncTenant,
    customers: number,
    invoices: number,
  ): Promise<{ customers: string[]; invoices: string[] }> {
    const site = `${REGION_FACTS[t.region].x3Company.slice(0, 2)}011`;
    const out = { customers: [] as string[], invoices: [] as string[] };
    // Calls of at most SEED_CHUNK invoices (each a few seconds on a loaded machine), customers in proportion.
    const chunks = Math.max(1, Math.ceil(invoices / SEED_CHUNK), Math.ceil(customers / SEED_CHUNK));
    for (let k = 0; k < chunks; k++) {
      const share = (n: number, i: number) => Math.round((n * i) / chunks);
      const res = await x3Control(this.sandbox.url, t.folder, 'POST', '/bulk/sales-invoices', {
        site,
        customers: share(customers, k + 1) - share(customers, k),
        invoices: share(invoices, k + 1) - share(invoices, k),
        billTo: out.customers.slice(-SEED_CHUNK),
      });
      if (res.status !== 201)
        throw new Error(`sync world: X3 bulk seeding answered ${res.status} ${JSON.stringify(res.body)}`);
      const made = res.body as { customers: string[]; invoices: string[] };
      out.customers.push(...made.customers);
      out.invoices.push(...made.invoices);
      if ((k + 1) % 10 === 0) process.stderr.write(`sync world: seeded ${out.invoices.length}/${invoices} invoices\n`);
    }
    return out;
  }

  /** The tenant's X3 folder's control API (a user's edit in X3, a mass save, a late commit). */
  x3(t: SyncTenant, method: string, path: string, body?: unknown) {
    return x3Control(this.sandbox.url, t.folder, method, path, body);
  }

  /** What Xero holds, read by the reader app (sync-world-xero.ts). */
  xeroInvoicesByNumber = (t: SyncTenant) => xeroRead.invoicesByNumber(t, this.clockScale);
  xeroContactsByNumber = (t: SyncTenant) => xeroRead.contactsByNumber(t, this.clockScale);
  xeroList = (t: SyncTenant, resource: string) => xeroRead.list(t, resource, this.clockScale);

  /** Our meter's Xero calls and bytes for the organisation (see sync-world-readback.ts). */
  xeroCalls = (t: SyncTenant) => readback.xeroCalls(this.stores, t);
  writtenRecords = (t: SyncTenant) => readback.writtenRecords(this.stores, t);
  batchesSince = (t: SyncTenant, skip: number) => readback.batchesSince(this.stores, t, skip);
  deadLetters = (t: SyncTenant) => readback.deadLetters(this.stores, t);
  seededDeadLetters = (t: SyncTenant, seeded: { customers: string[]; invoices: string[] }) =>
    readback.seededDeadLetters(this.stores, t, seeded);
  linked = (t: SyncTenant) => readback.linked(this.stores, t);
  linkedCount = (t: SyncTenant, entity: string, keys: string[]) => readback.linkedCount(this.stores, t, entity, keys);

  private get stores(): readback.WorldStores {
    return { owner: this.owner, redis: this.redis };
  }

  /** Pending changes of the integration per flow and state. */
  pending(t: SyncTenant): Promise<PendingCounts> {
    return countsOf(this.owner, t.tenantId, t.integrationId);
  }

  /** A probe for waiting on a condition with the world's liveness and progress checks. */
  probe(what: string, opts: { timeoutMs: number; stallMs?: number; everyMs?: number }): SyncProbe {
    return new SyncProbe(this, what, opts);
  }

  async close(): Promise<void> {
    await this.stopWorker().catch(() => undefined);
    // On a run without a template (a given DATABASE_URL) worlds share one database: a closed world's
    // integrations, left enabled, would be found by the next world's sweep. Paused, they are not.
    await this.owner
      ?.query(
        `UPDATE integrations SET pause_reasons = array_append(pause_reasons, 'user') WHERE id = ANY($1::uuid[])`,
        [this.paired],
      )
      .catch(() => undefined);
    this.redis.disconnect();
    await this.owner?.destroy().catch(() => undefined);
    await this.api?.close().catch(() => undefined);
    await this.sandbox?.close().catch(() => undefined);
    await this.database.drop().catch(() => undefined);
    await this.lock?.end().catch(() => undefined);
  }
}
