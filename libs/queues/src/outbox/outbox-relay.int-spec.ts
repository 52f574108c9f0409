// The outbox relay on real PostgreSQL and Redis: a job's delay is its due time (PostgreSQL's)
// measured by PostgreSQL's clock, so a relay whose own clock is off hands Bull the right delay.
import { randomUUID } from 'node:crypto';
import { ModuleRef } from '@nestjs/core';
import Queue from 'bull';
import { DataSource } from 'typeorm';
import { requireEnv, runtimeDataSource } from '#lb/testing';
import { OutboxRelay } from './outbox-relay';
import { OutboxStore } from './outbox-store';

describe('OutboxRelay (PostgreSQL and Redis)', () => {
  let ds: DataSource;
  let queue: Queue.Queue;
  const queueName = `lb-test-outbox-${randomUUID()}`;

  beforeAll(async () => {
    ds = await runtimeDataSource();
    queue = new Queue(queueName, requireEnv('REDIS_URL'), { prefix: 'lb-test' });
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await ds?.destroy();
  });

  it.each([120_000, -120_000])(
    'hands Bull the delay left by PostgreSQL’s clock with this process’s clock %i ms off',
    async (skewMs) => {
      // Named in docs/operations.md (clock-skew fault scenario): the delay was availableAt (PostgreSQL's
      // instant) minus Date.now(), so a relay 2 min ahead queued a 30 s job at once and one 2 min
      // behind held it 2.5 min.
      const lane = `relay-skew-${randomUUID()}`;
      const jobId = `skew:${randomUUID()}`;
      await ds.transaction((m) =>
        new OutboxStore(ds).insert(m, [
          { lane, tenantId: null, queue: queueName, job: 'later', payload: {}, jobId, delayMs: 300_000 },
        ]),
      );
      const moduleRef = { get: () => queue } as unknown as ModuleRef;
      const relay = new OutboxRelay(ds, moduleRef, lane, { pollMs: 60_000 });
      const realNow = Date.now.bind(Date);
      const skewed = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skewMs);
      try {
        await relay.kick();
      } finally {
        skewed.mockRestore();
      }
      const job = await queue.getJob(jobId);
      // skew taken as truth would give 180 s or 420 s; a slow machine costs seconds, not a minute
      expect(job?.opts.delay).toBeGreaterThan(240_000);
      expect(job?.opts.delay).toBeLessThanOrEqual(300_000);
      const [left] = await ds.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM job_outbox WHERE lane = $1`, [
        lane,
      ]);
      expect(Number(left.n)).toBe(0);
    },
  );
});
