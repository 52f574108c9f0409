import { Writable } from 'node:stream';
import pino from 'pino';
import { DataSource, QueryFailedError } from 'typeorm';
import { runtimeDataSource } from '#lb/testing';
import { pinoOptions } from './logger';

/** What a failed query looks like in the logs, written exactly as the api and worker write errors. */
async function logged(error: unknown): Promise<string> {
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  const logger = pino(pinoOptions('info', 'test'), sink);
  logger.error({ errorId: 'e-1', err: error }, 'request failed');
  logger.warn({ inboxId: 'i-1', err: error }, 'stored but not yet routed');
  await new Promise((resolve) => setImmediate(resolve));
  return out;
}

describe('failed SQL in the logs (real PostgreSQL)', () => {
  let ds: DataSource;
  beforeAll(async () => (ds = await runtimeDataSource(1)));
  afterAll(() => ds?.destroy());

  it('keeps the statement and the error, and redacts the parameter values', async () => {
    const failure = await ds
      .query('SELECT $1::int AS n, $2::text AS t', ['customer-ssn-123-45-6789', 'jane@example.test'])
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(QueryFailedError);
    const lines = await logged(failure);
    expect(lines).toContain('SELECT $1::int AS n');
    expect(lines).toContain('invalid input syntax for type integer');
    expect(lines).toContain('[redacted]');
    expect(lines).not.toContain('jane@example.test');
    // PostgreSQL repeats the bad value in its message; that stays out too.
    expect(lines).not.toContain('customer-ssn-123-45-6789');
  });

  it('redacts the values a constraint violation quotes in its detail', async () => {
    const idHash = `unique-secret-${Date.now()}`;
    const insert = () =>
      ds.query(`INSERT INTO sessions (id_hash, data, expires_at) VALUES ($1, '{}', now())`, [idHash]);
    await insert();
    try {
      const failure = await insert().catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(QueryFailedError);
      expect(JSON.stringify((failure as QueryFailedError & { driverError: unknown }).driverError)).toContain(idHash);
      const lines = await logged(failure);
      expect(lines).toContain('duplicate key value violates unique constraint');
      expect(lines).not.toContain(idHash);
    } finally {
      await ds.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    }
  });
});
