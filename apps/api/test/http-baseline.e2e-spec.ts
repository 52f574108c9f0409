import request from 'supertest';
import { requireEnv } from '#lb/testing';
import { RunningApi, startApi } from './api-harness';

const UUID = /^[0-9a-f-]{36}$/;

describe('api baseline', () => {
  let api: RunningApi;
  // Building the whole api takes seconds, more on a loaded machine: the hook has the integration
  // project's backstop timeout (scripts/testing/integration-timeout.ts), not jest's default 5 s.
  beforeAll(async () => (api = await startApi({ BODY_LIMIT: '64kb' })));
  afterAll(() => api.close());

  it('reports PostgreSQL and Redis up on /health', async () => {
    const res = await request(api.url).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('answers errors as {statusCode, error, message, errorId} and echoes a request id', async () => {
    const res = await request(api.url).get('/api/nothing-here').set('x-request-id', 'req-12345678').expect(404);
    expect(res.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /api/nothing-here',
      errorId: expect.stringMatching(UUID),
    });
    expect(res.headers['x-request-id']).toBe('req-12345678');
  });

  it('refuses malformed JSON with 400 and an oversized body with 413', async () => {
    const bad = await request(api.url)
      .post('/api/diagnostics/probes')
      .set('content-type', 'application/json')
      .send('{"a":');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request', errorId: expect.stringMatching(UUID) });
    const big = await request(api.url)
      .post('/api/diagnostics/probes')
      .send({ blob: 'x'.repeat(70 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ statusCode: 413, message: 'Request body too large' });
  });

  it('sets security headers and hides the framework', async () => {
    const res = await request(api.url).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves metrics only with the scrape token', async () => {
    await request(api.url).get('/metrics').expect(401);
    await request(api.url).get('/metrics').set('authorization', 'Bearer wrong-token-wrong-token!!').expect(401);
    const res = await request(api.url)
      .get('/metrics')
      .set('authorization', `Bearer ${requireEnv('METRICS_TOKEN')}`)
      .expect(200);
    expect(res.text).toContain('lb_queue_jobs{queue="diagnostics",state="waiting",service="api"}');
    expect(res.text).toContain('process_resident_memory_bytes');
    expect(res.text).toMatch(/^lb_outbox_pending_jobs\{service="api"\} \d+$/m);
    expect(res.text).toContain('lb_outbox_backlog_read{service="api"} 1');
  });

  it('describes itself in OpenAPI at /api/docs', async () => {
    await request(api.url).get('/api/docs').expect(200);
    const spec = await request(api.url).get('/api/docs/openapi.json').expect(200);
    expect(spec.body.info.title).toBe('Ledgerbridge API');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/diagnostics/probes', '/health']));
  });
});
