import Queue from 'bull';
import { DataSource } from 'typeorm';
import { QUEUE_SETTINGS } from '#lb/queues';
import { CookieBrowser, eventually, isolatedDatabase, ownerDataSource, SuiteDatabase } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { http, control as xeroControl } from '../../sandbox/src/xero/testing/sandbox-harness';
import { connectXero, newOrg, read, signInWithXero, startXeroWorld, XeroWorld } from '../../api/test/xero-world';
import { startWorker, stopWorker, WorkerProcess } from './worker-harness';

/** Xero seconds per real second for this suite: a Xero minute lasts 6 s. */
const CLOCK_SCALE = 10;
/** How long a condition with no product deadline may take: generous, for a loaded machine. */
const CONDITION_MS = 60_000;

describe('Xero jobs in the worker', () => {
  let world: XeroWorld;
  let worker: WorkerProcess | undefined;
  let owner: DataSource;
  let redisUrl: string; // this suite's own Redis database: no other suite's worker takes its jobs
  let db: SuiteDatabase;

  beforeAll(async () => {
    redisUrl = await isolatedRedisUrl();
    // its own database too: a worker's relay and sweeps find every tenant in theirs (suite-database.ts)
    db = await isolatedDatabase();
    world = await startXeroWorld(
      {
        DATABASE_URL: db.urls.DATABASE_URL,
        XERO_CLOCK_SCALE: String(CLOCK_SCALE),
        REDIS_URL: redisUrl,
      },
      undefined,
      {
        webhooks: true,
      },
    );
    worker = await startWorker({
      DATABASE_URL: db.urls.DATABASE_URL,
      REDIS_URL: redisUrl,
      // its own Redis and database; no sweep: this suite drives the jobs itself
      SYNC_SWEEP: 'off',
      XERO_CLIENT_ID: world.app.clientId,
      XERO_CLIENT_SECRET: world.app.clientSecret,
      XERO_WEBHOOK_KEY: world.app.webhookKey,
      XERO_IDENTITY_URL: `${world.sandbox.url}/identity`,
      XERO_API_URL: world.sandbox.url,
      XERO_CLOCK_SCALE: String(CLOCK_SCALE),
    });
    owner = await ownerDataSource(db.urls.DATABASE_OWNER_URL);
  });
  afterAll(async () => {
    await owner?.destroy();
    await stopWorker(worker);
    await world?.close();
    await db?.drop();
  });

  it('notices a disconnect made in Connected Apps within two (scaled) minutes, with no user action', async () => {
    const org = await newOrg(world, `sweep-${Date.now().toString(36)}@example.test`);
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    await connectXero(world, browser, org);
    expect((await read(world, browser, '/api/connections')).body.xero[0].status).toBe('active');

    const removed = await xeroControl(world.sandbox, org, 'POST', `/connected-apps/${world.app.clientId}/disconnect`);
    expect(removed.status).toBeLessThan(300);
    // Noticed by the worker alone (a condition wait: a loaded machine delays the sweep's turns)
    const marked = await eventually(
      'the connection to show as disconnected',
      async () => {
        const [conn] = (await read(world, browser, '/api/connections')).body.xero;
        return conn.status === 'disconnected' ? conn : undefined;
      },
      CONDITION_MS,
    );
    expect(marked.statusReason).toBe('disconnected in Xero');
    // "within two minutes" holds by the schedule: the sweep runs every Xero minute, and one run
    // notices it (a wall-clock bound here measured the machine's load, not the product)
    const queue = new Queue('xero', redisUrl, { prefix: 'lb', settings: QUEUE_SETTINGS });
    try {
      const sweeps = (await queue.getRepeatableJobs()).filter((j) => j.name === 'connections-sweep');
      expect(sweeps.map((j) => Number(j.every))).toEqual([60_000 / CLOCK_SCALE]);
    } finally {
      await queue.close();
    }
  });

  it('keep-alive refreshes a grant left idle too long, before Xero would expire it', async () => {
    const org = await newOrg(world, `idle-${Date.now().toString(36)}@example.test`);
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    await connectXero(world, browser, org);
    const tenantId = (await read(world, browser, '/api/tenant')).body.id;
    // Idle for 50 Xero days (the keep-alive threshold is 45): backdate the last refresh.
    const idle = new Date(Date.now() - (50 * 86_400_000) / CLOCK_SCALE);
    await owner.query('UPDATE xero_grants SET refreshed_at = $2 WHERE tenant_id = $1', [tenantId, idle]);
    const [{ secret_id: secretId }] = await owner.query('SELECT secret_id FROM xero_grants WHERE tenant_id = $1', [
      tenantId,
    ]);
    const [{ ciphertext: before }] = await owner.query('SELECT ciphertext FROM secrets WHERE id = $1', [secretId]);

    const queue = new Queue('xero', redisUrl, { prefix: 'lb', settings: QUEUE_SETTINGS });
    try {
      await queue.add('keep-alive', {}, { removeOnComplete: true });
      const refreshed = await eventually(
        'the idle grant to be refreshed',
        async () => {
          const [g] = await owner.query('SELECT refreshed_at, status FROM xero_grants WHERE tenant_id = $1', [
            tenantId,
          ]);
          return new Date(g.refreshed_at) > idle ? g : undefined;
        },
        CONDITION_MS,
      );
      expect(refreshed.status).toBe('active');
      const [{ ciphertext: after }] = await owner.query('SELECT ciphertext FROM secrets WHERE id = $1', [secretId]);
      expect(after).not.toBe(before); // a new token set, sealed again
    } finally {
      await queue.close();
    }
  });

  it('hands a Xero webhook to the sync engine: sandbox edit → our inbox → worker → event handled', async () => {
    const basic = `Basic ${Buffer.from(`${world.app.clientId}:${world.app.clientSecret}`).toString('base64')}`;
    const itr = await http(
      `${world.sandbox.url}/xero-developer/apps/${world.app.clientId}/webhooks/intent-to-receive`,
      { method: 'POST', headers: { authorization: basic } },
    );
    expect(itr.status).toBe(200);
    const org = await newOrg(world, `hook-${Date.now().toString(36)}@example.test`);
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    await connectXero(world, browser, org);
    const tenantId = (await read(world, browser, '/api/tenant')).body.id;

    const edit = await xeroControl(world.sandbox, org, 'POST', '/edits/contacts', {
      Name: `Walk-in customer ${Date.now()}`,
    });
    expect(edit.status).toBeLessThan(300);
    const contactId = (edit.body as { ContactID: string }).ContactID;
    const event = await eventually(
      'the webhook event to be handled by the worker',
      async () => {
        const [row] = await owner.query(
          `SELECT status, event_category, detail FROM xero_events WHERE tenant_id = $1 AND resource_id = $2`,
          [tenantId, contactId],
        );
        return row && row.status !== 'pending' ? row : undefined;
      },
      CONDITION_MS,
    );
    // no flow of this tenant reads contacts yet: handled, with nothing to sync (no Xero call)
    expect(event).toMatchObject({
      event_category: 'CONTACT',
      status: 'skipped',
      detail: 'no enabled flow reads CONTACT',
    });
  });
});
