import { createServer, Server } from 'node:net';
import type { Response } from 'express';
import Redis from 'ioredis';
import { throttleRedisOptions } from '../support/redis-throttle';
import { ReportingThrottle } from './reporting-throttle';

/** A Redis that accepts connections and never answers: the throttle must not wait on it, nor let requests through. */
describe('ReportingThrottle with Redis out of reach', () => {
  let silent: Server;
  let redis: Redis;

  beforeAll(async () => {
    silent = createServer(() => undefined);
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const { port } = silent.address() as { port: number };
    redis = new Redis(`redis://127.0.0.1:${port}`, { ...throttleRedisOptions(), lazyConnect: true });
    redis.on('error', () => undefined);
  });

  afterAll(async () => {
    redis.disconnect();
    await new Promise((ok) => silent.close(ok));
  });

  it('answers 503 (never unthrottled, never a hang)', async () => {
    const throttle = new ReportingThrottle(redis);
    const res = { setHeader: jest.fn() } as unknown as Response;
    await expect(throttle.takeForKey('a-key-id', res)).rejects.toMatchObject({ status: 503 });
    await expect(throttle.takeForAddress('127.0.0.1', res)).rejects.toMatchObject({ status: 503 });
  });
});
