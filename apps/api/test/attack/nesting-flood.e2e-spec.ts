import { findFreePort } from '../../../../scripts/devstack/ports';
import { ApiProcess, startApiProcess } from '../api-harness';
import { answerBeforeBodyEnds, nestingFlood, probeLiveWhile } from './hostile-requests';

/**
 * Attackers send deeply nested JSON from several connections at once, to a signed-in route (1 MB
 * of `[`, under the general body cap) and to the Xero webhook (200 KB, under its own cap). The api
 * (its own process, as production runs it) refuses each one from its first bytes while
 * `/health/live` keeps answering. How fast it answers is measured in
 * bench/nesting-flood.bench.ts (health_live_p99_ms_under_nesting_flood), not asserted here.
 */
describe('attack: a flood of deeply nested bodies', () => {
  let api: ApiProcess;

  beforeAll(async () => {
    api = await startApiProcess(
      { LOG_LEVEL: 'warn', XERO_WEBHOOK_KEY: 'flood-test-webhook-key' },
      await findFreePort(),
    );
  });
  afterAll(() => api?.close());

  it('refuses every nested body while /health/live keeps answering 200', async () => {
    const flood = Promise.all([
      nestingFlood(`${api.url}/api/diagnostics/probes`, { connections: 4, perConnection: 5, bytes: 1_000_000 }),
      nestingFlood(`${api.url}/api/xero/webhooks`, { connections: 4, perConnection: 5, bytes: 200_000 }),
    ]);
    const probes = await probeLiveWhile(api.url, flood);
    const [signedInRoute, webhook] = await flood;

    // Refused (400, or the socket closed after the answer while the rest was still being sent), never parsed.
    // On a loaded host every answer can lose the race with the client's next write and show as a reset.
    for (const outcomes of [signedInRoute, webhook]) {
      expect(outcomes).toHaveLength(20);
      expect(outcomes.filter((o) => o !== 400 && o !== 'reset')).toEqual([]);
    }
    // So the refusal itself is read where no write can race it: a body still arriving, after the flood.
    for (const url of [`${api.url}/api/diagnostics/probes`, `${api.url}/api/xero/webhooks`]) {
      const answer = await answerBeforeBodyEnds(url, '['.repeat(4096));
      expect({ url, status: answer.status }).toEqual({ url, status: 400 });
      expect(answer.body).toMatch(/nest/i);
    }
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.filter((p) => p.status !== 200)).toEqual([]);
    expect(api.output()).not.toMatch(/"level":50|RangeError|Maximum call stack/);
  });
});
