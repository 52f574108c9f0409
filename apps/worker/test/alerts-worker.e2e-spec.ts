// Alerts wired end to end in processes: a rule made over the api, the worker's repeatable
// evaluator opening one alert for a failing flow however often it runs, the signed webhook
// retried by Bull while the receiver (127.0.0.1) answers 503 and then delivered, the email in the
// outbox; the flow recovering resolves the alert and its notice is delivered too.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { eventually, isolatedDatabase, ownerDataSource, SuiteDatabase } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { Member, pairByHand, seedSettled, signedUpOwner } from '../../api/test/flows-world';
import { change, read, startXeroWorld, XeroWorld } from '../../api/test/xero-world';
import { startWorker, stopWorker, WorkerProcess, xeroWorldEnv } from './worker-harness';

/** Backstop only: every wait ends on its condition. */
const CONDITION_MS = 120_000;

describe('alerts through the api and the worker', () => {
  let world: XeroWorld;
  let worker: WorkerProcess | undefined;
  let owner: DataSource;
  let db: SuiteDatabase;
  let admin: Member;
  let server: http.Server;
  const received: Array<{ body: string; signature: string }> = [];
  /** Requests still to refuse with 503. */
  let refuse = 0;
  let refused = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (refuse > 0) {
          refuse--;
          refused++;
          res.writeHead(503).end();
          return;
        }
        received.push({ body, signature: String(req.headers['x-ledgerbridge-signature']) });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const redisUrl = await isolatedRedisUrl();
    db = await isolatedDatabase();
    // The receiver is on loopback: private targets allowed, as in every local sandbox set-up.
    const env = { DATABASE_URL: db.urls.DATABASE_URL, REDIS_URL: redisUrl, ALLOW_PRIVATE_TARGETS: 'true' };
    world = await startXeroWorld(env, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }));
    worker = await startWorker({
      ...env,
      ALERTS_EVALUATOR: 'on',
      ALERTS_EVALUATE_EVERY_MS: '1000',
      ...xeroWorldEnv(world),
    });
    owner = await ownerDataSource(db.urls.DATABASE_OWNER_URL);
    admin = await signedUpOwner(world, 'alerts-worker');
  }, 300_000);
  afterAll(async () => {
    await owner?.destroy();
    await stopWorker(worker);
    await world?.close();
    await db?.drop();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  const deliveries = () =>
    owner.query<Array<{ event: string; state: string; attempts: number }>>(
      `SELECT event, state, attempts FROM alert_webhook_deliveries ORDER BY created_at`,
    );

  it(
    'one alert for a failing flow, its webhook retried until delivered, resolved when the flow recovers',
    async () => {
      const { integrationId } = await pairByHand(world, admin);
      const tenantId = (await read(world, admin.browser, '/api/tenant')).body.id as string;
      const port = (server.address() as AddressInfo).port;
      const made = await change(world, admin.browser, 'POST', '/api/alerts/rules', {
        name: 'Invoices failing',
        kind: 'flow-failing',
        threshold: 1,
        integrationId,
        flowKey: 'invoices',
        emailRecipients: ['ops@example.com'],
        webhookUrl: `http://127.0.0.1:${port}/alerts`,
      });
      expect(made.status).toBe(201);
      const secret = made.body.webhookSecret as string;

      refuse = 2;
      const seed = (sourceKey: string, state: 'dead' | 'done') =>
        seedSettled(owner, { tenantId, integrationId, flowKey: 'invoices', entity: 'invoice', sourceKey, state });
      await seed('FAC1', 'dead');

      const opened = await eventually(
        'the opened notice delivered after the receiver came back',
        async () => {
          const d = await deliveries();
          return d[0]?.state === 'delivered' ? d[0] : undefined;
        },
        CONDITION_MS,
      );
      expect(refused).toBe(2);
      expect(opened).toEqual({ event: 'opened', state: 'delivered', attempts: 3 });
      expect(received).toHaveLength(1);
      expect(received[0].signature).toBe(
        `sha256=${createHmac('sha256', secret).update(received[0].body).digest('hex')}`,
      );
      expect(JSON.parse(received[0].body)).toEqual(expect.objectContaining({ event: 'alert.opened' }));

      // Failures go on and the evaluator runs several times more: still one alert, no new notice.
      await seed('FAC2', 'dead');
      const [{ seen }] = await owner.query<Array<{ seen: Date }>>(`SELECT last_seen_at AS seen FROM alerts`);
      await eventually(
        'two more evaluations',
        async () => {
          const rows = await owner.query<Array<{ seen: Date; failures: number }>>(
            `SELECT last_seen_at AS seen, (details->>'failures')::int AS failures FROM alerts`,
          );
          return rows[0].failures === 2 && rows[0].seen.getTime() > seen.getTime() + 1500 ? rows : undefined;
        },
        CONDITION_MS,
      );
      expect((await read(world, admin.browser, '/api/alerts')).body).toEqual([
        expect.objectContaining({ state: 'open', subject: `flow:${integrationId}:invoices` }),
      ]);
      expect(await deliveries()).toHaveLength(1);
      const mails = await owner.query<Array<{ subject: string }>>(
        `SELECT subject FROM email_outbox WHERE to_address = 'ops@example.com'`,
      );
      expect(mails.map((m) => m.subject)).toEqual(['[Ledgerbridge] Alert: Invoices failing']);

      // The flow recovers.
      await seed('FAC3', 'done');
      const resolved = await eventually(
        'the resolved notice delivered',
        async () => {
          const d = await deliveries();
          return d[1]?.state === 'delivered' ? d[1] : undefined;
        },
        CONDITION_MS,
      );
      expect(resolved).toEqual({ event: 'resolved', state: 'delivered', attempts: 1 });
      expect(JSON.parse(received[1].body)).toEqual(expect.objectContaining({ event: 'alert.resolved' }));
      expect(received[1].signature).toBe(
        `sha256=${createHmac('sha256', secret).update(received[1].body).digest('hex')}`,
      );
      expect((await read(world, admin.browser, '/api/alerts')).body).toEqual([
        expect.objectContaining({ state: 'resolved' }),
      ]);
      const after = await owner.query<Array<{ subject: string }>>(
        `SELECT subject FROM email_outbox WHERE to_address = 'ops@example.com' ORDER BY created_at`,
      );
      expect(after.map((m) => m.subject)).toEqual([
        '[Ledgerbridge] Alert: Invoices failing',
        '[Ledgerbridge] Resolved: Invoices failing',
      ]);
    },
    CONDITION_MS * 3 + 60_000,
  );
});
