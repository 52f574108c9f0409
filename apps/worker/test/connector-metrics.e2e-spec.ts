// What operators scrape after real work on the sandboxes: a tenant starts "try with the sandbox"
// (the api calls the sandbox's X3 folder and Xero organisation), then the worker carries the
// trial's records. Both processes' /metrics then show the calls per connector, operation, status
// class and tenant class (the trial's: 'trial'), Xero's egress and budget, the queue waits, the
// records settled by outcome and the open changes, and never a tenant id.
import { CookieBrowser, eventually, isolatedDatabase, requireEnv, SuiteDatabase } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import {
  change,
  read,
  signInWithXero,
  newOrg,
  startXeroWorld,
  uniqueEmail,
  XeroWorld,
} from '../../api/test/xero-world';
import { startWorker, stopWorker, WorkerProcess } from './worker-harness';

jest.setTimeout(900_000);

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

async function scrape(baseUrl: string): Promise<{ text: string; samples: Sample[] }> {
  const res = await fetch(`${baseUrl}/metrics`, {
    headers: { authorization: `Bearer ${requireEnv('METRICS_TOKEN')}` },
    signal: AbortSignal.timeout(120_000),
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { text, samples };
}

/** The sum of a metric's series whose labels match `where` (undefined: no such series). */
function total(samples: Sample[], name: string, where: Record<string, string> = {}): number | undefined {
  const hits = samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v));
  return hits.length ? hits.reduce((n, s) => n + s.value, 0) : undefined;
}

describe('operator metrics after real calls to the sandboxes', () => {
  let db: SuiteDatabase;
  let world: XeroWorld;
  let worker: WorkerProcess | undefined;
  let tenantId: string;

  beforeAll(async () => {
    // its own database and Redis database: the worker sweeps and takes jobs of every tenant in them
    db = await isolatedDatabase();
    const redisUrl = await isolatedRedisUrl();
    world = await startXeroWorld(
      { DATABASE_URL: db.urls.DATABASE_URL, REDIS_URL: redisUrl, ALLOW_PRIVATE_TARGETS: 'true' },
      (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }),
      { apiProcess: true },
    );
    worker = await startWorker({ ...world.env, SYNC_SWEEP: 'on', LOG_LEVEL: 'warn' });
    const org = await newOrg(world, uniqueEmail('metrics-trial'));
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    const trial = await change(world, browser, 'POST', '/api/sandbox/try');
    expect(trial.status).toBe(201);
    tenantId = String((await read(world, browser, '/api/auth/session')).body.tenant.id);
  }, 600_000);
  afterAll(async () => {
    await stopWorker(worker);
    await world?.close();
    await db?.drop();
  });

  it("the api's scrape shows its Xero and X3 calls for the trial, Xero's egress and budget", async () => {
    const { text, samples } = await scrape(world.api.url);
    const trial = { tenant_class: 'trial' };
    // the trial's matching read the folder and the organisation
    expect(
      total(samples, 'lb_connector_calls_total', { ...trial, connector: 'x3', status_class: '2xx' }),
    ).toBeGreaterThan(0);
    expect(
      total(samples, 'lb_connector_calls_total', { ...trial, connector: 'xero', status_class: '2xx' }),
    ).toBeGreaterThan(0);
    expect(total(samples, 'lb_connector_call_duration_seconds_count', { ...trial, connector: 'x3' })).toBeGreaterThan(
      0,
    );
    expect(
      total(samples, 'lb_connector_bytes_total', { ...trial, connector: 'xero', direction: 'in' }),
    ).toBeGreaterThan(0);
    // operations are families, never ids
    const operations = new Set(
      samples.filter((s) => s.name === 'lb_connector_calls_total').map((s) => s.labels.operation),
    );
    expect([...operations].filter((op) => !/^([a-z]+:[A-Za-z]+|\w+\.\w+|introspection|other)$/.test(op))).toEqual([]);
    expect([...operations]).toEqual(expect.arrayContaining([expect.stringMatching(/^[a-z]+:[A-Za-z]+$/)]));
    // the sandbox sends X-MinLimit-Remaining: the lowest of the trial class is on the scrape
    expect(total(samples, 'lb_xero_min_remaining', trial)).toBeGreaterThanOrEqual(0);
    expect(total(samples, 'lb_sync_open_changes_read')).toBe(1);
    expect(text).not.toContain(tenantId);
  });

  it("the worker's scrape shows the records it carried by outcome, queue waits and its calls", async () => {
    const settled = await eventually(
      'the worker to carry trial records into Xero',
      async () => {
        const { samples } = await scrape(worker!.url);
        const created = total(samples, 'lb_sync_records_total', { tenant_class: 'trial', outcome: 'created' }) ?? 0;
        return created > 0 ? samples : undefined;
      },
      600_000,
    );
    const { text, samples } = await scrape(worker!.url);
    expect(total(settled, 'lb_sync_records_total', { outcome: 'created' })).toBeGreaterThan(0);
    const entities = samples.filter((s) => s.name === 'lb_sync_records_total').map((s) => s.labels.entity);
    expect(entities.length).toBeGreaterThan(0);
    expect(total(samples, 'lb_job_wait_seconds_count', { queue: 'sync' })).toBeGreaterThan(0);
    expect(total(samples, 'lb_connector_calls_total', { connector: 'x3', tenant_class: 'trial' })).toBeGreaterThan(0);
    expect(total(samples, 'lb_connector_calls_total', { connector: 'xero', tenant_class: 'trial' })).toBeGreaterThan(0);
    expect(total(samples, 'lb_connector_bytes_total', { connector: 'xero', direction: 'in' })).toBeGreaterThan(0);
    expect(total(samples, 'lb_sync_open_changes_read')).toBe(1);
    expect(total(samples, 'lb_queue_depth_read')).toBe(1);
    expect(text).not.toContain(tenantId);
  });
});
