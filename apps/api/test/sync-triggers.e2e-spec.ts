import Bull from 'bull';
import { DataSource } from 'typeorm';
import { QUEUE_SETTINGS } from '#lb/queues';
import { eventually, ownerDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { invitedViewer, Member, signedUpOwner } from './flows-world';
import { change, read, startXeroWorld, XeroWorld } from './xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('sync triggers: run now, nudge tokens and the X3 nudge (hostile input)', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let redisUrl: string;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let integrationId: string;
  let tenantId: string;
  let base: string;

  /** Ids of the sync queue's jobs of the integration (no worker runs here: they stay). */
  async function jobIds(): Promise<string[]> {
    const queue = new Bull('sync', redisUrl, { prefix: 'lb', settings: QUEUE_SETTINGS });
    try {
      const jobs = await queue.getJobs(['waiting', 'delayed', 'paused', 'active']);
      return jobs.filter((j) => j?.data?.integrationId === integrationId).map((j) => String(j.id));
    } finally {
      await queue.close();
    }
  }

  /** Takes a waiting job out of the sync queue, as a worker that ran it would. */
  async function ranJob(id: string): Promise<void> {
    const queue = new Bull('sync', redisUrl, { prefix: 'lb', settings: QUEUE_SETTINGS });
    try {
      await (await queue.getJob(id))?.remove();
    } finally {
      await queue.close();
    }
  }

  /** Every job the tenant committed has reached Bull (the outbox relay moved it). */
  const relayed = () =>
    eventually('the outbox relayed the tenant’s jobs', async () => {
      const [row] = await owner.query<Array<{ n: string }>>(
        `SELECT count(*) AS n FROM job_outbox WHERE tenant_id = $1`,
        [tenantId],
      );
      return row.n === '0' ? true : undefined;
    });

  const nudge = (path: string, token?: string) =>
    fetch(`${world.api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: '{}',
    });

  beforeAll(async () => {
    redisUrl = await isolatedRedisUrl();
    world = await startXeroWorld({ REDIS_URL: redisUrl }, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }));
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'triggers');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'stranger');
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    const trial = await change(world, admin.browser, 'POST', '/api/sandbox/try');
    expect(trial.status).toBe(201);
    integrationId = trial.body.integrationId;
    base = `/api/integrations/${integrationId}`;
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('run now: an admin queues a poll at the interactive lane and a drain; viewers, strangers and bad keys are refused', async () => {
    expect((await change(world, viewer.browser, 'POST', `${base}/flows/invoices/run`)).status).toBe(403);
    expect((await change(world, stranger.browser, 'POST', `${base}/flows/invoices/run`)).status).toBe(404);
    expect((await change(world, admin.browser, 'POST', `/api/integrations/${NOBODY}/flows/invoices/run`)).status).toBe(
      404,
    );
    expect((await change(world, admin.browser, 'POST', `${base}/flows/Not_A_Key/run`)).status).toBe(400);
    expect((await change(world, admin.browser, 'POST', `${base}/flows/no-such-flow/run`)).status).toBe(404);

    const run = await change(world, admin.browser, 'POST', `${base}/flows/invoices/run`);
    expect(run).toEqual({ status: 202, body: { queued: true } });
    await relayed();
    expect(await jobIds()).toEqual(expect.arrayContaining([`poll-x3-now:${integrationId}:invoices`]));
    const audit = await owner.query<Array<{ action: string }>>(
      `SELECT action FROM audit_log WHERE tenant_id = $1 AND action = 'flow.run_now'`,
      [tenantId],
    );
    expect(audit).toHaveLength(1);
  });

  it('nudge: only the integration’s current token queues one deduplicated poll; anything else is 401 and queues nothing', async () => {
    expect((await change(world, viewer.browser, 'POST', `${base}/nudge-token`)).status).toBe(403);
    expect((await change(world, stranger.browser, 'POST', `${base}/nudge-token`)).status).toBe(404);
    const first = await change(world, admin.browser, 'POST', `${base}/nudge-token`);
    expect(first.status).toBe(201);
    const issued = await change(world, admin.browser, 'POST', `${base}/nudge-token`); // rotated: the first stops working
    const token = issued.body.token as string;
    expect(token).toMatch(/^lbn_/);
    const [stored] = await owner.query<Array<{ token_hash: string }>>(
      `SELECT token_hash FROM sync_nudge_tokens WHERE integration_id = $1`,
      [integrationId],
    );
    expect(stored.token_hash).not.toContain(token);

    await relayed();
    const pollId = `poll-x3:${integrationId}:invoices`;
    // the trial's switch-on poll of the flow waits under this very id (flow-jobs.ts): as if it had run
    expect(await jobIds()).toContain(pollId);
    await ranJob(pollId);
    const before = await jobIds();
    expect(before).not.toContain(pollId);
    expect((await nudge(`${base}/nudge/invoices`)).status).toBe(401);
    expect((await nudge(`${base}/nudge/invoices`, `${token}x`)).status).toBe(401);
    expect((await nudge(`${base}/nudge/invoices`, first.body.token as string)).status).toBe(401);
    expect((await nudge(`/api/integrations/${NOBODY}/nudge/invoices`, token)).status).toBe(401);
    expect((await nudge(`${base}/nudge/invoices`, token.slice(0, -1))).status).toBe(401);
    await relayed();
    expect(await jobIds()).toEqual(before);

    expect((await nudge(`${base}/nudge/no-such-flow`, token)).status).toBe(404);
    expect((await nudge(`${base}/nudge/Bad_Key`, token)).status).toBe(400);
    const ok = await nudge(`${base}/nudge/invoices`, token);
    expect(ok.status).toBe(202);
    expect(ok.headers.get('set-cookie')).toBeNull();
    expect((await nudge(`${base}/nudge/invoices`, token)).status).toBe(202);
    await relayed();
    const after = await jobIds();
    expect(after.filter((id) => id === pollId)).toHaveLength(1); // two nudges, one poll
    expect(after.filter((id) => !before.includes(id))).toEqual([pollId]); // a poll, nothing else
  });

  it('nudges past the per-integration rate answer 429 with Retry-After', async () => {
    const token = (await change(world, admin.browser, 'POST', `${base}/nudge-token`)).body.token as string;
    const answers: number[] = [];
    for (let i = 0; i < 40; i++) answers.push((await nudge(`${base}/nudge/bills`, token)).status);
    expect(answers.filter((s) => s === 202).length).toBeLessThanOrEqual(30);
    expect(answers).toContain(429);
  });
});
